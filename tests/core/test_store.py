"""The SQLite conversation store: schema and migrations, search, recovery."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from chatapp.core import message_tree
from chatapp.core.conversation import (
    Conversation,
    MessageState,
    OverflowPolicy,
    StoredMessage,
    model_messages,
)
from chatapp.core.errors import ChatAppError
from chatapp.core.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    ConversationStore,
    StoreError,
    StoreErrorKind,
    describe_error,
    fts_query,
    open_store,
)
from chatapp.core.templates import Role
from tests.permissions import without_permission_bypass


def _conversation(title: str = "Trip planning", *texts: str) -> Conversation:
    conversation = Conversation(title=title, system_prompt="be brief", settings={"a": 1})
    roles = ["user", "assistant"]
    for i, text in enumerate(texts or ("Where should we go in Lisbon?", "Try Alfama.")):
        conversation.messages.append(StoredMessage(roles[i % 2], text))
    message_tree.link_path(conversation)
    return conversation


def _save(store: ConversationStore, conversation: Conversation) -> None:
    store.save_conversation(conversation)
    for i, message in enumerate(conversation.messages):
        store.save_message(conversation.id, i, message)


def test_a_new_file_is_wal_with_the_current_schema(tmp_path: Path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    try:
        assert store.schema_version == SCHEMA_VERSION
        mode = store.connection.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
    finally:
        store.close()


def test_save_and_load_round_trip(tmp_path: Path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    conversation = _conversation()
    conversation.overflow_policy = OverflowPolicy.ROLLING_WINDOW
    conversation.context_start = 2
    conversation.messages[1].stats = {"generated_tokens": 3}
    conversation.messages[1].state = "interrupted"
    _save(store, conversation)
    loaded = store.load(conversation.id)
    store.close()
    assert loaded is not None
    assert loaded.messages == conversation.messages
    assert (loaded.title, loaded.system_prompt, loaded.settings) == (
        "Trip planning",
        "be brief",
        {"a": 1},
    )
    assert loaded.overflow_policy is OverflowPolicy.ROLLING_WINDOW
    assert loaded.context_start == 2


def test_roles_and_states_are_stored_as_the_same_text(tmp_path: Path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    conversation = _conversation()
    conversation.messages[0].role = Role.USER
    conversation.messages[1].state = MessageState.STREAMING
    _save(store, conversation)
    store.save_all(conversation)
    rows = store.connection.execute(
        "SELECT role, typeof(role), state, typeof(state) FROM messages ORDER BY position"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("user", "text", "complete", "text"),
        ("assistant", "text", "streaming", "text"),
    ]
    assert store.mark_interrupted() == 1
    loaded = store.load(conversation.id)
    store.close()
    assert loaded is not None
    assert [m.role for m in loaded.messages] == [Role.USER, Role.ASSISTANT]
    assert loaded.messages[1].state is MessageState.INTERRUPTED


def test_a_streaming_reply_is_updated_in_place(tmp_path: Path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    conversation = _conversation()
    _save(store, conversation)
    reply = StoredMessage(
        "assistant", "Par", state="streaming", parent_id=conversation.messages[-1].id
    )
    store.save_message(conversation.id, 2, reply)
    reply.content = "Paris is lovely"
    store.save_message(conversation.id, 2, reply)
    loaded = store.load(conversation.id)
    assert loaded is not None and [m.content for m in loaded.messages][-1] == "Paris is lovely"
    assert len(loaded.messages) == 3
    assert [h.message_id for h in store.search("lovely")] == [reply.id]
    store.close()


def test_deleting_a_message_takes_what_follows_it_in_every_branch(tmp_path: Path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    conversation = _conversation("t", "one", "two", "three", "four")
    message_tree.link_path(conversation)
    _save(store, conversation)
    message_tree.hide_from(conversation, 3)
    other = StoredMessage("assistant", "four again")
    message_tree.append(conversation, other)
    store.save_message(conversation.id, 3, other)
    store.delete_message(conversation.id, conversation.messages[2].id)
    loaded = store.load(conversation.id)
    store.close()
    assert loaded is not None and [m.content for m in loaded.messages] == ["one", "two"]
    assert loaded.other_branches == []


def test_listing_is_newest_first_and_deletion_can_be_undone(tmp_path: Path):
    path = tmp_path / "c.sqlite3"
    store = ConversationStore(path)
    old, new = _conversation("old"), _conversation("new")
    old.updated, new.updated = 100.0, 200.0
    store.save_conversation(old)
    store.save_conversation(new)
    assert [s.title for s in store.list_conversations()] == ["new", "old"]
    store.set_deleted(new.id, True)
    assert [s.title for s in store.list_conversations()] == ["old"]
    store.set_deleted(new.id, False)
    assert [s.title for s in store.list_conversations()] == ["new", "old"]
    store.set_deleted(old.id, True)
    store.close()
    reopened = open_store(path)
    assert [s.title for s in reopened.store.list_conversations()] == ["new"]
    assert reopened.store.load(old.id) is None  # purged at the next start
    reopened.store.close()


def test_search_finds_words_across_chats_and_ignores_deleted_ones(tmp_path: Path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    a = _conversation("a", "How do I bake sourdough bread?", "Feed the starter first.")
    b = _conversation("b", "Which café in Montréal?", "Olimpico, for the espresso.")
    _save(store, a)
    _save(store, b)
    hits = store.search("sourdough")
    assert [(h.conversation_id, h.position) for h in hits] == [(a.id, 0)]
    assert "«sourdough»" in hits[0].snippet
    # Prefixes, accents and punctuation that FTS5 would choke on.
    assert [h.conversation_id for h in store.search("montreal")] == [b.id]
    assert [h.position for h in store.search("espress")] == [1]
    assert [h.conversation_id for h in store.search('"bread* (')] == [a.id]
    assert store.search("   ") == []
    store.set_deleted(a.id, True)
    assert store.search("sourdough") == []
    store.close()


def test_a_failed_reply_is_kept_as_an_error_with_its_partial_text(tmp_path: Path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    conversation = _conversation()
    _save(store, conversation)
    failed = StoredMessage(
        "assistant",
        "The sea is",
        state=MessageState.ERROR,
        error="box: connection cut",
        parent_id=conversation.messages[-1].id,
    )
    store.save_message(conversation.id, 2, failed)
    store.save_all(conversation)  # a whole-conversation write keeps it too
    store.save_message(conversation.id, 2, failed)
    loaded = store.load(conversation.id)
    store.close()
    assert loaded is not None and loaded.messages[-1] == failed
    assert loaded.messages[-1].is_error and loaded.messages[-1].error == "box: connection cut"
    assert [m.content for m in model_messages(loaded.messages)] == [
        "Where should we go in Lisbon?",
        "Try Alfama.",
    ]


def test_fts_query_quotes_every_word():
    assert fts_query('near "x" OR y*') == '"near"* "x"* "OR"* "y"*'


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_earlier_schema_is_migrated_with_its_data(tmp_path: Path, version: int):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:version]:
        db.executescript(script)
    db.execute(f"PRAGMA user_version = {version}")
    if version >= 1:
        db.execute(
            "INSERT INTO conversations (id, title, created, updated) VALUES ('c1', 'Old', 1, 2)"
        )
        db.executemany(
            "INSERT INTO messages (id, conversation_id, position, role, content, created) "
            "VALUES (?, 'c1', ?, ?, ?, ?)",
            [
                ("m1", 0, "user", "remember the walrus", 1),
                ("m2", 1, "assistant", "goo goo g'joob", 2),
                ("m3", 3, "user", "and the eggman?", 3),  # a gap left by an old bug
            ],
        )
    db.commit()
    db.close()
    store = ConversationStore(path)
    try:
        assert store.schema_version == SCHEMA_VERSION
        if version >= 1:
            loaded = store.load("c1")
            assert loaded is not None and loaded.messages[0].content == "remember the walrus"
            assert loaded.overflow_policy is OverflowPolicy.KEEP_SYSTEM
            assert [h.message_id for h in store.search("walrus")] == ["m1"]
            assert loaded.messages[0].error is None and not loaded.messages[0].is_error
            # Today's chats become one branch: each message follows the one before it.
            assert [(m.id, m.parent_id) for m in loaded.messages] == [
                ("m1", None),
                ("m2", "m1"),
                ("m3", "m2"),
            ]
            assert loaded.other_branches == []
            positions = store.connection.execute(
                "SELECT position FROM messages ORDER BY position"
            ).fetchall()
            assert [p[0] for p in positions] == [0, 1, 2]
            assert [h.message_id for h in store.search("eggman")] == ["m3"]
        _save(store, _conversation())
        assert store.search("Alfama")
    finally:
        store.close()


def test_a_newer_schema_is_not_touched(tmp_path: Path):
    path = tmp_path / "c.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer ChatApp") as caught:
        ConversationStore(path)
    assert caught.value.kind is StoreErrorKind.NEWER and isinstance(caught.value, ChatAppError)
    opened = open_store(path)
    assert not opened.persistent and "newer ChatApp" in (opened.notice or "")
    opened.store.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_writes_from_another_thread_are_read_here(tmp_path: Path):
    path = tmp_path / "c.sqlite3"
    reader = ConversationStore(path)
    conversation = _conversation()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            writer = ConversationStore(path)
            _save(writer, conversation)
            writer.close()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    assert not errors
    loaded = reader.load(conversation.id)
    reader.close()
    assert loaded is not None and len(loaded.messages) == 2


def test_a_corrupt_file_is_moved_aside_and_a_new_one_started(tmp_path: Path):
    path = tmp_path / "conversations.sqlite3"
    path.write_bytes(b"this is not a database at all" * 200)
    opened = open_store(path)
    try:
        assert opened.persistent
        aside = list(tmp_path.glob("conversations.sqlite3.corrupt-*"))
        assert len(aside) == 1
        assert aside[0].read_bytes().startswith(b"this is not a database")
        assert opened.notice and str(aside[0]) in opened.notice
        _save(opened.store, _conversation())
        assert len(opened.store.list_conversations()) == 1
    finally:
        opened.store.close()


def test_a_damaged_page_is_found_by_the_check(tmp_path: Path):
    path = tmp_path / "conversations.sqlite3"
    store = ConversationStore(path)
    for i in range(30):
        _save(store, _conversation(f"chat {i}", "word " * 400, "reply " * 400))
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 5 * page):
        data[offset + 8 : offset + 200] = b"\xff" * 192
    path.write_bytes(bytes(data))
    opened = open_store(path)
    opened.store.close()
    assert opened.notice and "moved to" in opened.notice
    assert list(tmp_path.glob("conversations.sqlite3.corrupt-*"))


def test_unfinished_replies_are_marked_interrupted_at_the_next_start(tmp_path: Path):
    path = tmp_path / "c.sqlite3"
    store = ConversationStore(path)
    conversation = _conversation()
    _save(store, conversation)
    store.save_message(
        conversation.id,
        2,
        StoredMessage(
            "assistant", "half a rep", state="streaming", parent_id=conversation.messages[-1].id
        ),
    )
    store.close()
    opened = open_store(path)
    loaded = opened.store.load(conversation.id)
    opened.store.close()
    assert loaded is not None and loaded.messages[-1].state == "interrupted"
    assert loaded.messages[-1].content == "half a rep"


def test_a_full_disk_is_reported_and_the_write_can_be_retried(tmp_path: Path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    conversation = _conversation()
    _save(store, conversation)
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages}")
    big = StoredMessage("assistant", "long reply " * 20_000, parent_id=conversation.messages[-1].id)
    with pytest.raises(sqlite3.Error) as caught:
        store.save_message(conversation.id, 2, big)
    error = describe_error(caught.value)
    assert error.kind is StoreErrorKind.FULL and "disk is full" in str(error)
    store.connection.execute("PRAGMA max_page_count = 1000000")
    store.save_message(conversation.id, 2, big)
    loaded = store.load(conversation.id)
    store.close()
    assert loaded is not None and loaded.messages[-1].content == big.content


def test_an_unwritable_folder_keeps_chats_in_memory_and_still_shows_old_ones(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "conversations.sqlite3"
    store = ConversationStore(path)
    old = _conversation("from last week", "the walrus question", "an answer")
    _save(store, old)
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    # Without root's permission bypass, which would hide the problem.
    script = (
        "import sys; from pathlib import Path; from chatapp.core.store import open_store;"
        "o = open_store(Path(sys.argv[1])); print(o.persistent);"
        "print([s.title for s in o.store.list_conversations()]); print(o.notice)"
    )
    folder.chmod(0o555)
    path.chmod(0o444)
    try:
        command = without_permission_bypass([sys.executable, "-c", script, str(path)])
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    persistent, titles, notice = result.stdout.splitlines()
    assert persistent == "False"
    assert titles == "['from last week']"
    assert "kept in memory" in notice and str(path) in notice


def _tree(store: ConversationStore) -> Conversation:
    """A chat with an edited first question and a regenerated answer:

    q1 ─ a1          (hidden)
    q1' ─ a1' ─ q2 ─ a2   (hidden)
                   └ a2'  (shown)
    """
    conversation = Conversation(title="tree")
    store.save_conversation(conversation)
    for text in ("q1", "a1"):
        message = StoredMessage("user" if text.startswith("q") else "assistant", text)
        message_tree.append(conversation, message)
        store.save_message(conversation.id, len(conversation.messages) - 1, message)
    message_tree.hide_from(conversation, 0)
    for text in ("q1'", "a1'", "q2", "a2"):
        message = StoredMessage("user" if text.startswith("q") else "assistant", text)
        message_tree.append(conversation, message)
        store.save_message(conversation.id, len(conversation.messages) - 1, message)
    message_tree.hide_from(conversation, 3)
    regenerated = StoredMessage("assistant", "a2'")
    message_tree.append(conversation, regenerated)
    store.save_message(conversation.id, 3, regenerated)
    return conversation


def test_the_tree_and_the_branch_shown_are_saved(tmp_path: Path):
    path = tmp_path / "c.sqlite3"
    store = ConversationStore(path)
    conversation = _tree(store)
    store.close()
    store = ConversationStore(path)
    loaded = store.load(conversation.id)
    assert loaded is not None
    assert [m.content for m in loaded.messages] == ["q1'", "a1'", "q2", "a2'"]
    assert sorted(m.content for m in loaded.other_branches) == ["a1", "a2", "q1"]
    assert message_tree.siblings_at(loaded, 0) == (2, 2)
    assert message_tree.siblings_at(loaded, 3) == (2, 2)
    # Going back to the first question shows its own answer; that choice is saved.
    changed = message_tree.show_sibling(loaded, 0, -1)
    store.set_shown(loaded.id, changed)
    assert [m.content for m in loaded.messages] == ["q1", "a1"]
    again = store.load(conversation.id)
    assert again is not None and [m.content for m in again.messages] == ["q1", "a1"]
    # ...and coming back to the edit shows the answer that was shown there last.
    changed = message_tree.show_sibling(again, 0, +1)
    store.set_shown(again.id, changed)
    reloaded = store.load(conversation.id)
    store.close()
    assert reloaded is not None
    assert [m.content for m in reloaded.messages] == ["q1'", "a1'", "q2", "a2'"]


def test_search_finds_text_in_a_branch_not_shown_and_opens_that_branch(tmp_path: Path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    conversation = _tree(store)
    answer_id = next(m.id for m in conversation.other_branches if m.content == "a1")
    hits = store.search("a1")
    hidden = [h for h in hits if h.message_id == answer_id]
    assert len(hits) == 2 and hidden, hits
    loaded = store.load(conversation.id)
    assert loaded is not None and hidden[0].message_id not in [m.id for m in loaded.messages]
    position, changed = message_tree.show_message(loaded, hidden[0].message_id)
    assert position == hidden[0].position == 1
    assert [m.content for m in loaded.messages] == ["q1", "a1"]
    store.set_shown(loaded.id, changed)
    reloaded = store.load(conversation.id)
    store.close()
    assert reloaded is not None and [m.content for m in reloaded.messages] == ["q1", "a1"]


def test_save_all_keeps_every_branch(tmp_path: Path):
    store = ConversationStore(tmp_path / "c.sqlite3")
    conversation = _tree(store)
    copy = store.load(conversation.id)
    store.close()
    assert copy is not None
    store = ConversationStore(tmp_path / "other.sqlite3")
    store.save_all(copy)
    loaded = store.load(copy.id)
    store.close()
    assert loaded is not None
    assert loaded.messages == copy.messages
    assert sorted(m.id for m in loaded.other_branches) == sorted(m.id for m in copy.other_branches)
