"""The conversation file's schema, as the steps that build it.

The schema version lives in ``PRAGMA user_version``; a file at version ``i`` is brought
to the current one by running ``MIGRATIONS[i:]`` in order. A step is never edited once
released: a change is a new step at the end.
"""

from __future__ import annotations

# Each entry takes the database from version i to i + 1.
MIGRATIONS: list[str] = [
    # 1: conversations and messages.
    """
    CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created REAL NOT NULL,
        updated REAL NOT NULL,
        model TEXT,
        settings TEXT NOT NULL DEFAULT '{}',
        system_prompt TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        created REAL NOT NULL,
        stats TEXT,
        model TEXT,
        state TEXT NOT NULL DEFAULT 'complete',
        UNIQUE (conversation_id, position)
    );
    CREATE INDEX conversations_by_update ON conversations (updated DESC);
    """,
    # 2: full-text search over message text, kept in step by triggers.
    """
    CREATE VIRTUAL TABLE messages_fts USING fts5(
        content, content='messages', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content)
        VALUES ('delete', old.rowid, old.content);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content)
        VALUES ('delete', old.rowid, old.content);
        INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
    END;
    INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
    """,
    # 3: overflow policy and context start per conversation; deletion that can be undone.
    """
    ALTER TABLE conversations ADD COLUMN overflow_policy TEXT NOT NULL DEFAULT 'keep_system';
    ALTER TABLE conversations ADD COLUMN context_start INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE conversations ADD COLUMN deleted REAL;
    """,
    # 4: failed replies are kept (state 'error') with why they failed; older versions
    # cannot read that state, so they are stopped by the version instead.
    """
    ALTER TABLE messages ADD COLUMN error TEXT;
    """,
    # 5: conversations are trees: each message has a parent (the message before it in
    # today's chats, which become one branch) and ``shown`` marks the sibling followed
    # when its part of the tree is shown; ``position`` is the depth, no longer unique.
    # The table is rebuilt with the same rowids, so that the search index stays valid.
    """
    CREATE TABLE messages_tree (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        parent_id TEXT,
        position INTEGER NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        created REAL NOT NULL,
        stats TEXT,
        model TEXT,
        state TEXT NOT NULL DEFAULT 'complete',
        error TEXT,
        shown INTEGER NOT NULL DEFAULT 1
    );
    INSERT INTO messages_tree (rowid, id, conversation_id, parent_id, position, role,
                               content, created, stats, model, state, error)
        SELECT m.rowid, m.id, m.conversation_id,
               (SELECT p.id FROM messages p
                WHERE p.conversation_id = m.conversation_id AND p.position < m.position
                ORDER BY p.position DESC LIMIT 1),
               (SELECT COUNT(*) FROM messages p
                WHERE p.conversation_id = m.conversation_id AND p.position < m.position),
               m.role, m.content, m.created, m.stats, m.model, m.state, m.error
        FROM messages m;
    DROP TABLE messages;
    ALTER TABLE messages_tree RENAME TO messages;
    CREATE INDEX messages_by_parent ON messages (conversation_id, parent_id);
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content)
        VALUES ('delete', old.rowid, old.content);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content)
        VALUES ('delete', old.rowid, old.content);
        INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
    END;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
