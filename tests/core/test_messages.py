"""Core messages: English text for the terminal, template and values for the window."""

from __future__ import annotations

import pickle

from chatapp.core.errors import ChatAppError
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message


def test_a_message_is_its_english_text_and_keeps_template_and_values():
    template = QT_TRANSLATE_NOOP("core", "No model file at {path}.")
    message = Message(template, path="/models/a.gguf")
    assert message == "No model file at /models/a.gguf."
    assert message.template == "No model file at {path}." and message.values == {
        "path": "/models/a.gguf"
    }
    error = ChatAppError(message)
    assert str(error) == "No model file at /models/a.gguf."
    assert error.args[0].template == template


def test_a_message_without_values_and_one_through_pickle():
    assert Message("Stopped.") == "Stopped." and Message("Stopped.").values == {}
    copy = pickle.loads(pickle.dumps(Message("{n} left", n=3)))
    assert isinstance(copy, Message) and copy == "3 left" and copy.template == "{n} left"
