"""The conversation store: one SQLite file in the user data folder.

:mod:`~chatapp.core.store.database` reads and writes it,
:mod:`~chatapp.core.store.migrations` holds its schema, and
:mod:`~chatapp.core.store.recovery` opens it whatever state it is in.
"""

from chatapp.core.store.database import (
    ConversationStore,
    ConversationSummary,
    SearchHit,
    StoreError,
    StoreErrorKind,
    describe_error,
    fts_query,
)
from chatapp.core.store.migrations import MIGRATIONS, SCHEMA_VERSION
from chatapp.core.store.recovery import OpenedStore, memory_location, move_aside, open_store

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ConversationStore",
    "ConversationSummary",
    "OpenedStore",
    "SearchHit",
    "StoreError",
    "StoreErrorKind",
    "describe_error",
    "fts_query",
    "memory_location",
    "move_aside",
    "open_store",
]
