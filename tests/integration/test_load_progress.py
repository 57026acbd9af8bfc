"""A model load's progress and its cancelling, on the real test model through llama.cpp."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.engine import ChatEngine
from chatapp.core.errors import ChatAppError
from chatapp.core.load_progress import LoadCancelledError
from chatapp.core.model_loading import load_planned
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.templates import Message

pytestmark = pytest.mark.model

PARAMS = LoadParams(n_ctx=512, n_gpu_layers=0)
HELLO = [Message("user", "Say hello.")]


@pytest.fixture
def engine() -> Iterator[ChatEngine]:
    chat = ChatEngine()
    yield chat
    chat.unload()


def answers(engine: ChatEngine) -> bool:
    """Whether the engine writes a few tokens of a reply."""
    pieces = engine.stream_reply(HELLO, SamplingParams(max_tokens=4, temperature=0.0))
    return any(isinstance(piece, str) and piece for piece in pieces)


def test_progress_rises_to_one(engine: ChatEngine, test_model_path: Path) -> None:
    seen: list[float] = []
    engine.load(test_model_path, PARAMS, progress=lambda fraction: seen.append(fraction) or True)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)
    assert len(set(seen)) > 3, "llama.cpp reports as the tensors load, not only at the ends"
    assert answers(engine)


def test_cancelling_part_way_stops_the_load_and_the_next_load_works(
    engine: ChatEngine, test_model_path: Path
) -> None:
    engine.load(test_model_path, PARAMS)
    stopped_at: list[float] = []

    def stop_once_loading(fraction: float) -> bool:
        if fraction == 0.0:
            return True
        stopped_at.append(time.perf_counter())
        return False

    with pytest.raises(LoadCancelledError) as raised:
        engine.load(test_model_path, PARAMS, progress=stop_once_loading)
    assert time.perf_counter() - stopped_at[0] < 1.0
    assert len(stopped_at) == 1, "llama.cpp was not asked again once told to stop"
    assert isinstance(raised.value, ChatAppError)
    assert str(raised.value) == "Loading cancelled."
    assert not engine.is_loaded, "the model before was let go for the new one"

    info = engine.load(test_model_path, PARAMS)
    assert info.name and answers(engine)


def test_cancelling_before_the_load_keeps_the_model_loaded(
    engine: ChatEngine, test_model_path: Path
) -> None:
    engine.load(test_model_path, PARAMS)
    asked: list[float] = []
    with pytest.raises(LoadCancelledError):
        engine.load(test_model_path, PARAMS, progress=lambda f: asked.append(f) is None and False)
    assert asked == [0.0]
    assert engine.is_loaded and answers(engine)


def test_the_planned_load_reports_progress_and_can_be_cancelled(
    engine: ChatEngine, test_model_path: Path
) -> None:
    seen: list[float] = []
    outcome = load_planned(
        engine, test_model_path, LoadParams(n_ctx=512), progress=lambda f: seen.append(f) or True
    )
    assert outcome.info.n_ctx == 512 and seen[-1] == 1.0
    with pytest.raises(LoadCancelledError):
        load_planned(engine, test_model_path, LoadParams(n_ctx=512), progress=lambda f: f == 0.0)
    assert not engine.is_loaded
