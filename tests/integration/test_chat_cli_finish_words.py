"""What the terminal chat says when a reply stops before its end (fake backend): a full
context is called that, not a token limit; the reply length limit names its option."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

from chatapp.cli.chat_session import TerminalChat
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.testing.fake_backend import FakeBackend


def _reply(backend: FakeBackend, sampling: SamplingParams) -> tuple[str, str]:
    backend.load_model("fake.gguf", LoadParams())
    info = io.StringIO()
    with ThreadPoolExecutor(1) as worker:
        chat = TerminalChat(backend, worker, sampling, "", info)
        stats = chat.reply("Hello")
    return stats.finish_reason, info.getvalue()


def test_a_reply_cut_by_a_full_context_says_the_context_is_full(capsys):
    finish, said = _reply(FakeBackend(finish_reason="context_full"), SamplingParams())
    assert finish == "context_full"
    assert "(stopped: the context is full;" in said and "--ctx N" in said
    assert "limit of" not in said
    assert "Hello from the fake backend." in capsys.readouterr().out


def test_a_reply_cut_by_its_length_names_the_option(capsys):
    finish, said = _reply(FakeBackend(), SamplingParams(max_tokens=2))
    assert finish == "length"
    assert "(reached the limit of 2 tokens: -n/--sample-len)" in said
    assert "context is full" not in said
