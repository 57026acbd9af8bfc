"""The local engine's messages to the user (chatapp.core.engine), marked for translation
(chatapp.core.messages); kept apart so that the engine module stays small."""

from __future__ import annotations

from chatapp.core.messages import QT_TRANSLATE_NOOP, Message

NO_MODEL = Message(QT_TRANSLATE_NOOP("core", "No model is loaded: load a model first."))
EMPTY_PROMPT = Message(
    QT_TRANSLATE_NOOP("core", "The prompt is empty: give some text to continue.")
)
BAD_GRAMMAR = Message(
    QT_TRANSLATE_NOOP("core", "The grammar could not be parsed: check the JSON schema.")
)
MESSAGE_TOO_LONG = QT_TRANSLATE_NOOP(
    "core",
    "The message is too long for the context ({tokens} of {n_ctx} tokens): shorten it or "
    "raise the context length.",
)
PROMPT_TOO_LONG = QT_TRANSLATE_NOOP(
    "core",
    "The prompt is too long for the context ({tokens} of {n_ctx} tokens): shorten it or "
    "raise the context length.",
)
GENERATION_FAILED = QT_TRANSLATE_NOOP("core", "llama.cpp failed while generating: {error}")
