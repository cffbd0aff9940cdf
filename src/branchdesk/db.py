"""The one place that opens the database: SQLite with foreign keys, WAL and synchronous=FULL.

synchronous=FULL because NORMAL in WAL mode can lose the last acknowledged commits on power loss,
and a ward PC's power is not ours to trust. Every user action runs in one `transaction()`.

SQLAlchemy is imported inside the functions that need it: the file checks here are plain sqlite3,
and the start-up runs them (and imports this module) before the ORM has loaded (~0.25 s).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

SQLITE_MAGIC = b"SQLite format 3\x00"
_WRITES = frozenset(("INSERT", "UPDATE", "DELETE", "REPLAC"))  # first word of a statement that writes
BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling is turned off so SQLAlchemy's BEGIN is the only one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _on_begin(conn: Any) -> None:
    # IMMEDIATE takes the write lock up front: no "database is locked" half-way through an action.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(path: Path) -> Engine:
    """An engine on the database file at `path` with the pragmas every connection needs."""
    from sqlalchemy import URL, create_engine, event
    from sqlalchemy.pool import NullPool

    # URL.create keeps '#', '?' and '%' in a folder name part of the path, not of the URL.
    url = URL.create("sqlite", database=str(path))
    engine = create_engine(url, poolclass=NullPool)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit, so returned rows stay readable."""
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(bind=engine, expire_on_commit=False, future=True)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One user action: commit once on success, roll back everything on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def looks_like_sqlite(path: Path) -> bool:
    """True when the file starts with SQLite's magic header (a cheap first check)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def integrity_problems(path: Path, *, limit: int = 20) -> list[str]:
    """Run PRAGMA integrity_check (and foreign_key_check); an empty list means the file is sound."""
    if not path.exists():
        return [f"missing file: {path.name}"]
    if path.stat().st_size and not looks_like_sqlite(path):
        return ["not a SQLite database"]
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [f"cannot open: {exc}"]
    try:
        rows = conn.execute(f"PRAGMA integrity_check({limit})").fetchall()
        problems = [str(r[0]) for r in rows if str(r[0]).lower() != "ok"]
        if not problems:
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
            problems = [f"foreign key: {r[0]} row {r[1]} -> {r[2]}" for r in fk[:limit]]
        return problems
    except sqlite3.Error as exc:
        return [f"check failed: {exc}"]
    finally:
        conn.close()


class Database:
    """The open database as the UI sees it: transactions without exposing SQLAlchemy types to ui/."""

    def __init__(self, path: Path, engine: Engine | None = None) -> None:
        self.path = path
        self.engine = engine or make_engine(path)
        self._factory = make_session_factory(self.engine)

    def transaction(self) -> Any:
        """A context manager yielding a Session; commits once at the end of the user action."""
        return transaction(self._factory)

    def hold_writes_until(self, done: threading.Event) -> None:
        """Reads run at once; the first statement that writes waits for `done`.

        The start-up backup runs in the background once the window shows the data; it must hold the
        file as it was before this session changed anything, so a write waits for it (a second or
        less on a hospital-sized file, and only if the user saves that quickly).
        """
        from sqlalchemy import event

        def wait_for_backup(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            if not done.is_set() and statement.lstrip()[:6].upper() in _WRITES:
                done.wait()

        event.listen(self.engine, "before_cursor_execute", wait_for_backup)

    def dispose(self) -> None:
        """Close every connection (before a restore replaces the file, or at exit).

        The engine stays usable: with NullPool the next transaction opens the file afresh,
        so after a restore the same Database object reads the restored file.
        """
        self.engine.dispose()
