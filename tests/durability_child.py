"""Child process of test_durability: commit Member writes in a loop until killed, acknowledging each.

Usage: python durability_child.py DB_PATH BRANCH_ID SEED

Prints "ready" once the engine is open, then one line "<member id> <value>" per transaction, written
and flushed only after `commit()` returned: a line the parent reads is a commit the app would have
reported as saved. Values count up from the largest value already in the database, so the parent
can tell which single commit was in flight when the process died.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from sqlalchemy import select

from branchdesk.db import make_engine, make_session_factory, transaction
from branchdesk.models import Member


def value_of(notes: str) -> int:
    """The counter stored at the front of `notes` ("<value>|<padding>")."""
    return int(notes.split("|", 1)[0])


def main(argv: list[str]) -> None:
    path, branch_id, seed = Path(argv[1]), int(argv[2]), int(argv[3])
    rng = random.Random(seed)
    engine = make_engine(path)  # WAL, synchronous=FULL: exactly what the app uses
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        rows = session.execute(select(Member.id, Member.notes).where(Member.branch_id == branch_id)).all()
    ids = [row.id for row in rows]
    value = max((value_of(row.notes) for row in rows), default=0)

    out = sys.stdout
    out.write("ready\n")
    out.flush()
    while True:
        value += 1
        # Padding of up to 24 KiB makes some transactions span many pages and drives WAL checkpoints.
        notes = f"{value}|" + "档" * rng.choice((0, 10, 400, 8000))
        with transaction(factory) as session:
            inserted = not ids or rng.random() >= 0.5
            if not inserted:
                member_id = rng.choice(ids)
                member = session.get(Member, member_id)
                assert member is not None
                member.notes = notes
            else:
                member = Member(branch_id=branch_id, name=f"党员{value}", notes=notes)
                session.add(member)
                session.flush()
                member_id = member.id
        # commit() has returned: only now is the write acknowledged
        if inserted:
            ids.append(member_id)
        out.write(f"{member_id} {value}\n")
        out.flush()


if __name__ == "__main__":
    main(sys.argv)
