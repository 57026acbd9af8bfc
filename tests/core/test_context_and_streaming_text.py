"""Fitting a conversation into the context, and cutting streamed text at stop strings."""

from __future__ import annotations

import pytest

from chatapp.core.context import ContextOverflowError, fit_messages
from chatapp.core.conversation import OverflowPolicy
from chatapp.core.engine import _StopTextFilter
from chatapp.core.templates import Message


def _count(messages: list[Message]) -> int:
    return sum(len(m.content.split()) + 1 for m in messages)


def test_everything_fits():
    messages = [Message("system", "be brief"), Message("user", "hello there")]
    fitted = fit_messages(messages, _count, 100)
    assert fitted.messages == messages and fitted.dropped == 0 and fitted.tokens == 6


def test_oldest_exchanges_go_first_and_the_system_prompt_stays():
    messages = [Message("system", "be brief")]
    for i in range(5):
        messages += [
            Message("user", f"question {i} " * 3),
            Message("assistant", f"answer {i} " * 3),
        ]
    messages.append(Message("user", "last one"))
    fitted = fit_messages(messages, _count, 20)
    assert fitted.messages[0] == Message("system", "be brief")
    assert fitted.messages[-1] == Message("user", "last one")
    assert fitted.messages[1].role == "user"
    assert fitted.dropped == 10 - (len(fitted.messages) - 2)
    assert fitted.tokens <= 20


def test_a_too_long_last_message_is_returned_so_the_caller_can_say_so():
    fitted = fit_messages([Message("user", "word " * 50)], _count, 10)
    assert fitted.tokens == 51 and fitted.dropped == 0


def _feed_all(stops: tuple[str, ...], pieces: list[str]) -> tuple[str, bool]:
    text_filter = _StopTextFilter(stops)
    shown = []
    for piece in pieces:
        visible, stopped = text_filter.feed(piece)
        shown.append(visible)
        if stopped:
            return "".join(shown), True
    return "".join(shown) + text_filter.flush(""), False


def test_stop_string_split_across_pieces_is_never_shown():
    assert _feed_all(("<|end_of_turn|>",), [" Hello", " world<|end", "_of_turn|>more"]) == (
        "Hello world",
        True,
    )


def test_a_partial_stop_string_that_is_just_text_is_shown_at_the_end():
    assert _feed_all(("<end_of_turn>",), ["a < b", " and <end"]) == ("a < b and <end", False)


def _long_chat(turns: int = 6) -> list[Message]:
    messages = [Message("system", "be brief")]
    for i in range(turns):
        messages += [
            Message("user", f"question {i} " * 3),
            Message("assistant", f"answer {i} " * 3),
        ]
    return [*messages, Message("user", "last one")]


def test_rolling_window_lets_the_system_prompt_fall_out_first():
    fitted = fit_messages(_long_chat(), _count, 20, policy=OverflowPolicy.ROLLING_WINDOW)
    assert all(m.role != "system" for m in fitted.messages)
    assert fitted.messages[0].role == "user" and fitted.messages[-1].content == "last one"
    assert fitted.tokens <= 20
    kept = fit_messages(_long_chat(), _count, 20)
    assert kept.messages[0].role == "system"


def test_stop_and_ask_refuses_instead_of_dropping():
    with pytest.raises(ContextOverflowError, match="no longer fits") as caught:
        fit_messages(_long_chat(), _count, 20, policy=OverflowPolicy.STOP_AND_ASK)
    assert caught.value.tokens > 20 == caught.value.budget
    small = [Message("user", "hi")]
    assert fit_messages(small, _count, 20, policy=OverflowPolicy.STOP_AND_ASK).dropped == 0


def test_slack_drops_further_and_the_start_never_moves_back():
    messages = _long_chat()
    tight = fit_messages(messages, _count, 40)
    roomy = fit_messages(messages, _count, 40, slack=15)
    assert roomy.dropped > tight.dropped and roomy.tokens <= 25
    # The next reply starts where this one did while it fits, so the prefix stays cached.
    follow_up = [*messages, Message("assistant", "ok"), Message("user", "and then?")]
    again = fit_messages(follow_up, _count, 40, start=roomy.dropped, slack=15)
    assert again.dropped == roomy.dropped
    assert again.messages[1] == roomy.messages[1]


def test_a_start_past_an_assistant_message_moves_to_the_next_user_message():
    fitted = fit_messages(_long_chat(), _count, 1000, start=1)
    assert fitted.dropped == 2 and fitted.messages[1].role == "user"
