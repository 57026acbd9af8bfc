"""The terminal chat's /retry and /edit, on the fake backend (no model needed)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from chatapp.cli import chat_session
from chatapp.cli.chat_session import TerminalChat
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.testing.fake_backend import FakeBackend


def _run(monkeypatch, capsys, lines: list[str]) -> tuple[TerminalChat, FakeBackend, str]:
    backend = FakeBackend(tokens=("An", " answer"))
    backend.load_model("fake.gguf", LoadParams())
    typed: Iterator[str] = iter(lines)

    def read_line(_prompt: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr(chat_session, "read_line", read_line)
    monkeypatch.setattr(chat_session, "enable_line_editing", lambda: None)
    info = io.StringIO()
    with ThreadPoolExecutor(1) as worker:
        chat = TerminalChat(backend, worker, SamplingParams(seed=7), "", info)
        assert chat.interactive() == 0
    return chat, backend, info.getvalue() + capsys.readouterr().out


def test_retry_asks_again_with_a_new_seed_and_keeps_one_answer(monkeypatch, capsys):
    chat, backend, out = _run(monkeypatch, capsys, ["Hello", "/retry"])
    assert [r.messages for r in backend.requests] == [backend.requests[0].messages] * 2
    assert [r.sampling.random_seed for r in backend.requests] == [False, True]
    assert [m.content for m in chat.history] == ["Hello", "An answer"]
    assert out.count("bot: An answer") == 2
    assert "/retry" in out.splitlines()[0]  # the help line lists it


def test_edit_replaces_the_last_prompt(monkeypatch, capsys):
    chat, backend, _out = _run(monkeypatch, capsys, ["First", "Secnd", "/edit Second"])
    assert [m.content for m in backend.requests[-1].messages] == [
        "First",
        "An answer",
        "Second",
    ]
    assert [m.content for m in chat.history] == ["First", "An answer", "Second", "An answer"]


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        (["/retry"], "nothing to redo yet: /retry works after a reply"),
        (["/edit new"], "nothing to redo yet: /edit works after a reply"),
        (["Hi", "/edit"], "usage: /edit NEW TEXT (your last message was: Hi)"),
    ],
)
def test_nothing_to_redo_is_one_line(monkeypatch, capsys, lines: list[str], said: str):
    chat, backend, out = _run(monkeypatch, capsys, lines)
    assert said in out
    assert len(backend.requests) == len([line for line in lines if not line.startswith("/")])
