"""The reference server's SQLite database: the identity registry and the uploaded photos.

WAL journal, ``synchronous=FULL`` and a commit before the answer is sent:
an upload the client saw answered survives the process being killed (and a
power cut). One connection behind a lock serves the server's threads; SQLite
serialises writers anyway.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

__all__ = ["DB_NAME", "Store"]

DB_NAME = "identity.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS identities (
    id_number TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS photos (
    photo_id TEXT PRIMARY KEY,
    photo_type INTEGER NOT NULL,
    phone_number TEXT NOT NULL,
    operator TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    image BLOB NOT NULL
);
"""


class Store:
    """The database in ``data_dir`` (``None``: in memory, for in-process use without a disk)."""

    def __init__(self, data_dir: Path | None) -> None:
        self.path = Path(data_dir) / DB_NAME if data_dir is not None else None
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path) if self.path else ":memory:", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        self._lookup = self._db.cursor()  # reused under the lock: a cursor per lookup costs as much as the query

    def seed_identities(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Register ``(name, id_number)`` pairs; a number given again takes the later name."""
        with self._lock:
            self._db.execute("BEGIN")
            self._db.executemany("INSERT OR REPLACE INTO identities (name, id_number) VALUES (?, ?)", list(pairs))
            self._db.execute("COMMIT")

    def registered_name(self, id_number: str) -> str | None:
        """The name registered for a number, or ``None``."""
        with self._lock:
            row = self._lookup.execute("SELECT name FROM identities WHERE id_number = ?", (id_number,)).fetchone()
        return row[0] if row else None

    def add_photo(self, photo_type: int, phone_number: str, operator: str, image: bytes) -> str:
        """Store a photo, committed before returning; its new photoId (UUID v4)."""
        photo_id = str(uuid.uuid4())
        row = (photo_id, photo_type, phone_number, operator, len(image), hashlib.sha256(image).hexdigest(), int(time.time() * 1000), image)
        with self._lock:
            self._db.execute("INSERT INTO photos VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)  # autocommit: durable on return
        return photo_id

    def close(self) -> None:
        with self._lock:
            self._db.close()
