"""A folder where the conversation file should be: said once, clearly; kept in memory."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from chatapp.core.store import ConversationStore, open_store


def test_a_folder_in_place_of_the_database_keeps_chats_in_memory(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    folder = tmp_path / "conversations.sqlite3"
    folder.mkdir()
    caplog.set_level(logging.INFO)
    opened = open_store(folder)
    try:
        assert opened.persistent is False
        assert opened.notice is not None
        assert f"{folder} is a folder, not a conversation file" in opened.notice
        assert len(opened.notice.splitlines()) == 1
        reader = ConversationStore(opened.location, uri=opened.uri, create=False)
        assert reader.list_conversations() == []
        reader.close()
    finally:
        opened.store.close()
    assert folder.is_dir() and not any(folder.iterdir())  # left as it was
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "a folder" in warnings[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info]
