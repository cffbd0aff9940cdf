"""The first look at the data while the app starts: a few read-only queries in plain sqlite3.

Importing SQLAlchemy, the models and the services takes a ward PC about a quarter of a second, and
the integrity check of a hospital-sized file longer; the window shows the branch, its members and
its last theme day from this look meanwhile. The file is opened read-only (`mode=ro`): nothing is
written, so a file that later fails its check is left exactly as it was. Anything unexpected (no
file, a new or foreign schema, damage) gives None and the window simply waits for the real pages.
The values spelled here ('active', 'theme_day' ...) are the stored enum values of models/.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BranchGlance:
    id: int
    name: str
    member_count: int  # on the roll


@dataclass(frozen=True)
class FirstLook:
    committee: str
    branches: tuple[BranchGlance, ...]
    branch: BranchGlance  # the one the window opens on
    full_members: int
    probationary: int
    groups: int
    last_theme_day: dt.date | None
    meetings_this_year: int  # recorded (not planned, not voided) up to today


def _branches(conn: sqlite3.Connection) -> tuple[BranchGlance, ...]:
    rows = conn.execute(
        "SELECT b.id, b.name,"
        " (SELECT count(*) FROM member m WHERE m.branch_id = b.id AND m.status = 'active')"
        " FROM branch b ORDER BY b.sort_order, b.id"
    ).fetchall()
    return tuple(BranchGlance(int(i), str(n), int(c)) for i, n, c in rows)


def read_first_look(path: Path, preferred_branch: int | None, *, today: dt.date) -> FirstLook | None:
    """What the window can show before the ORM loads; the preferred branch if it exists, else the first."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        return _look(conn, preferred_branch, today)
    except (sqlite3.Error, ValueError, TypeError) as exc:  # a damaged or foreign file: no first look
        log.info("no first look at %s: %s", path.name, exc)
        return None
    finally:
        conn.close()


def _look(conn: sqlite3.Connection, preferred: int | None, today: dt.date) -> FirstLook | None:
    branches = _branches(conn)
    if not branches:
        return None
    branch = next((b for b in branches if b.id == preferred), branches[0])
    committee = conn.execute("SELECT name FROM committee ORDER BY id LIMIT 1").fetchone()
    full, probationary = conn.execute(
        "SELECT sum(category = 'full'), sum(category = 'probationary') FROM member"
        " WHERE branch_id = ? AND status = 'active'",
        (branch.id,),
    ).fetchone()
    groups = conn.execute(
        "SELECT count(*) FROM party_group WHERE branch_id = ? AND archived = 0", (branch.id,)
    ).fetchone()[0]
    recorded = "branch_id = ? AND voided_on IS NULL AND planned = 0 AND held_on <= ?"
    last = conn.execute(
        f"SELECT max(held_on) FROM meeting WHERE {recorded} AND type = 'theme_day'",
        (branch.id, today.isoformat()),
    ).fetchone()[0]
    year = conn.execute(
        f"SELECT count(*) FROM meeting WHERE {recorded} AND held_on >= ?",
        (branch.id, today.isoformat(), f"{today.year:04d}-01-01"),
    ).fetchone()[0]
    return FirstLook(
        committee=str(committee[0]) if committee else "",
        branches=branches,
        branch=branch,
        full_members=int(full or 0),
        probationary=int(probationary or 0),
        groups=int(groups),
        last_theme_day=dt.date.fromisoformat(str(last)[:10]) if last else None,
        meetings_this_year=int(year),
    )
