"""The ReplyController on its own, with the FakeBackend: the typed request, stop,
failures and shutdown (no window)."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.backend import GenerationRequest, ReplyStats
from chatapp.core.conversation import MessageState, OverflowPolicy
from chatapp.core.engine import ContextFullError
from chatapp.core.paths import AppPaths
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Message
from chatapp.core.token_budget import ContextBudget
from chatapp.gui.conversation_keeper import ConversationKeeper
from chatapp.gui.reply_controller import ReplyController
from chatapp.testing.fake_backend import FakeBackend
from tests.helpers.window import FAKE_MODEL, fake_backend_factory

SAMPLING = SamplingParams(max_tokens=50)
LONG_SCRIPT = tuple(f" word{i}" for i in range(50))


@pytest.fixture
def fake() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def controller(qtbot, paths: AppPaths, fake: FakeBackend) -> Iterator[ReplyController]:
    keeper = ConversationKeeper(paths.conversations_db)
    qtbot.waitUntil(lambda: keeper.is_ready, timeout=10_000)
    replies = ReplyController(keeper, ContextBudget(), fake_backend_factory(fake))
    with qtbot.waitSignal(replies.model_loaded, timeout=5_000):
        replies.load_model(FAKE_MODEL, LoadParams())
    yield replies
    replies.shutdown()
    keeper.shutdown()


def send(replies: ReplyController, text: str, sampling: SamplingParams = SAMPLING) -> None:
    replies.send(text, sampling, "Be brief.", OverflowPolicy.KEEP_SYSTEM)


def test_the_engine_thread_gets_one_typed_frozen_request(qtbot, controller, fake):
    with (
        qtbot.waitSignal(controller.generation_requested) as asked,
        qtbot.waitSignal(controller.reply_finished, timeout=5_000),
    ):
        send(controller, "Hello there")
    [request] = asked.args
    assert isinstance(request, GenerationRequest)
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.sampling = SamplingParams()  # type: ignore[misc]
    [received] = fake.requests  # what the backend got on the engine thread
    assert received.messages == (Message("system", "Be brief."), Message("user", "Hello there"))
    assert received.sampling == SAMPLING
    assert (received.policy, received.start) == (OverflowPolicy.KEEP_SYSTEM, 0)


def test_a_reply_is_streamed_and_saved_with_its_stats(qtbot, controller, fake):
    batches: list[str] = []
    controller.token_batch_ready.connect(batches.append)
    with qtbot.waitSignal(controller.reply_finished, timeout=5_000) as finished:
        send(controller, "Hello")
    stats = finished.args[0]
    assert isinstance(stats, ReplyStats) and stats.generated_tokens == len(fake.tokens)
    assert stats.finish_reason == "stop"
    reply = controller.keeper.current.messages[-1]
    assert reply.content == "".join(fake.tokens) == "".join(batches)
    assert reply.state == MessageState.COMPLETE and reply.stats["generated_tokens"] == 6
    assert not controller.is_generating


def test_stop_ends_a_slow_reply_within_250_ms(qtbot, controller, fake):
    fake.tokens = LONG_SCRIPT
    fake.token_delay = 2.0  # far longer than the time stop may take
    with qtbot.waitSignal(controller.token_batch_ready, timeout=5_000):
        send(controller, "Write a long story")
    assert controller.is_generating
    with qtbot.waitSignal(controller.reply_finished, timeout=5_000) as finished:
        stopped_at = time.monotonic()
        controller.stop()
    assert time.monotonic() - stopped_at < 0.25
    assert finished.args[0].finish_reason == "cancelled"
    reply = controller.keeper.current.messages[-1]
    assert reply.content == LONG_SCRIPT[0] and reply.state == MessageState.INTERRUPTED


def test_a_failure_part_way_takes_the_reply_back_and_returns_the_message(qtbot, controller, fake):
    fake.fail_after = 2
    returned: list[str] = []
    discarded: list[bool] = []
    controller.user_message_returned.connect(returned.append)
    controller.reply_discarded.connect(lambda: discarded.append(True))
    with qtbot.waitSignal(controller.reply_failed, timeout=5_000) as failed:
        send(controller, "Hello")
    assert failed.args == ["The fake backend failed: try again"]
    assert returned == ["Hello"] and discarded == [True]
    assert controller.keeper.history() == [] and not controller.is_generating


def test_a_chat_that_does_not_fit_waits_for_the_users_answer(qtbot, controller, fake):
    fake.fail_after = 0
    fake.failure = ContextFullError("The chat no longer fits")
    with qtbot.waitSignal(controller.context_full, timeout=5_000):
        send(controller, "Hello")
    assert [m.content for m in controller.keeper.history()] == ["Hello"]  # not lost yet
    fake.fail_after = None
    with qtbot.waitSignal(controller.reply_finished, timeout=5_000):
        controller.resend(SAMPLING, "", OverflowPolicy.KEEP_SYSTEM)
    assert fake.requests[-1].messages == (Message("user", "Hello"),)
    assert controller.keeper.history()[-1].content == "".join(fake.tokens)


def test_a_reply_without_text_gives_the_message_back(qtbot, controller, fake):
    fake.tokens = ()
    with (
        qtbot.waitSignal(controller.user_message_returned, timeout=5_000) as returned,
        qtbot.waitSignal(controller.reply_finished, timeout=5_000),
    ):
        send(controller, "Hello")
    assert returned.args == ["Hello"] and controller.keeper.history() == []


def test_shutdown_mid_reply_ends_the_thread_and_keeps_the_text(qtbot, controller, fake):
    fake.tokens = LONG_SCRIPT
    fake.token_delay = 5.0
    with qtbot.waitSignal(controller.token_batch_ready, timeout=5_000):
        send(controller, "Write a long story")
    started = time.monotonic()
    controller.shutdown()
    assert time.monotonic() - started < 1.0
    assert not controller.is_running
    assert fake.describe() is None  # the backend was closed on its own thread
    reply = controller.keeper.current.messages[-1]
    assert reply.content == LONG_SCRIPT[0] and reply.state == MessageState.INTERRUPTED


def test_the_model_file_asked_for_is_remembered(controller):
    assert controller.model_path == FAKE_MODEL and controller.loaded_with == LoadParams()
    assert controller.model is not None and controller.model.name == FAKE_MODEL.stem
    assert isinstance(controller.model.path, Path)
