"""The line under a reply in the conversation view: its statistics, or why it ended."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from chatapp.core.conversation import StoredMessage
from chatapp.core.engine import ReplyStats
from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.gui.i18n import number_text, window_locale

_CONTEXT = "ChatStats"
_FINISH_WORDS = {
    "stop": QT_TRANSLATE_NOOP("ChatStats", "finished"),
    "length": QT_TRANSLATE_NOOP(
        "ChatStats", "reached the reply length limit (Max tokens in Settings)"
    ),
    "context_full": QT_TRANSLATE_NOOP(
        "ChatStats", "stopped: the context is full (start a new chat or raise Context length)"
    ),
    "cancelled": QT_TRANSLATE_NOOP("ChatStats", "stopped by you"),
    "error": QT_TRANSLATE_NOOP("ChatStats", "stopped by an error"),
}
INTERRUPTED_NOTE = QT_TRANSLATE_NOOP("ChatStats", "interrupted: this reply was cut off")


def stats_line(message: StoredMessage) -> str:
    """The line under a saved reply: its statistics, or why it is incomplete."""
    if message.state == "interrupted" and not message.stats:
        return QCoreApplication.translate(_CONTEXT, INTERRUPTED_NOTE)  # i18n: checked
    if not message.stats or message.is_error:
        return ""
    try:
        return describe_stats(ReplyStats(**message.stats))
    except (TypeError, KeyError):
        return ""


def describe_stats(stats: ReplyStats) -> str:
    """The line shown under a reply."""
    translate = QCoreApplication.translate
    if stats.counts_exact:
        line = translate(
            "ChatStats",
            "{tokens} tokens · {speed} tok/s · first token after {first} s · {finish}",
        )
    else:
        line = translate(
            "ChatStats",
            "≈{tokens} tokens · {speed} tok/s · first token after {first} s · {finish}",
        )
    locale = window_locale()
    finish = _FINISH_WORDS.get(stats.finish_reason, stats.finish_reason)
    return line.format(
        tokens=number_text(stats.generated_tokens),
        speed=locale.toString(float(stats.tokens_per_second), "f", 1),
        first=locale.toString(float(stats.time_to_first_token), "f", 2),
        finish=translate(_CONTEXT, finish),  # i18n: checked
    )
