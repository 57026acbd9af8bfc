"""The line under a reply in the conversation view: its statistics, or why it ended."""

from __future__ import annotations

from chatapp.core.conversation import StoredMessage
from chatapp.core.engine import ReplyStats

_FINISH_WORDS = {
    "stop": "finished",
    "length": "reached the reply length limit (Max tokens in Settings)",
    "context_full": "stopped: the context is full (start a new chat or raise Context length)",
    "cancelled": "stopped by you",
    "error": "stopped by an error",
}
INTERRUPTED_NOTE = "interrupted: this reply was cut off"


def stats_line(message: StoredMessage) -> str:
    """The line under a saved reply: its statistics, or why it is incomplete."""
    if message.state == "interrupted" and not message.stats:
        return INTERRUPTED_NOTE
    if not message.stats or message.is_error:
        return ""
    try:
        return describe_stats(ReplyStats(**message.stats))
    except (TypeError, KeyError):
        return ""


def describe_stats(stats: ReplyStats) -> str:
    """The line shown under a reply."""
    about = "" if stats.counts_exact else "≈"
    return (
        f"{about}{stats.generated_tokens} tokens · {stats.tokens_per_second:.1f} tok/s · "
        f"first token after {stats.time_to_first_token:.2f} s · {_FINISH_WORDS[stats.finish_reason]}"
    )
