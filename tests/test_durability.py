"""The kill test: every commit the app acknowledged survives the process being killed mid-write.

A child process (tests/durability_child.py) writes Member rows through `make_engine` (WAL,
synchronous=FULL), one transaction each, and prints each commit only after `commit()` returned.
The parent kills it with SIGKILL at a random moment, then checks the file passes integrity_check and
holds every acknowledged commit, and at most the one commit that was in flight besides.

What this proves, honestly: SIGKILL is a process crash. The operating system still holds whatever
the process wrote, so this tests SQLite's journaling and our transaction handling, not what survives
a power cut; that is what synchronous=FULL (an fsync at every commit) is for, and no unit test can
pull the plug.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import IO

import pytest

from branchdesk.db import integrity_problems, make_engine, make_session_factory, transaction
from branchdesk.models import Branch, Committee
from branchdesk.paths import DataPaths
from branchdesk.services.storage import close_database, open_database

CHILD = Path(__file__).with_name("durability_child.py")
CYCLES = 50
SEED = 20261125
MAX_DELAY_S = 0.25
READY_TIMEOUT_S = 30.0


def durable_values(path: Path) -> dict[int, int]:
    """member id -> value as the file holds it, read-only (SQLite replays the WAL while reading)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT id, notes FROM member").fetchall()
    finally:
        conn.close()
    return {int(member_id): int(notes.split("|", 1)[0]) for member_id, notes in rows}


def read_acknowledgements(stream: IO[str], lines: list[str], ready: threading.Event) -> None:
    """Collect the child's complete lines; a line cut off by the kill was never acknowledged."""
    for line in stream:
        if not line.endswith("\n"):
            break
        if line == "ready\n":
            ready.set()
        else:
            lines.append(line)


@pytest.mark.slow
def test_acknowledged_commits_survive_sigkill_at_random_moments(
    data_paths: DataPaths, tmp_path: Path
) -> None:
    engine = make_engine(data_paths.database)
    with transaction(make_session_factory(engine)) as session:
        branch = Branch(committee=Committee(name="院党委"), name="急诊党支部")
        session.add(branch)
        session.flush()
        branch_id = branch.id
    engine.dispose()

    rng = random.Random(SEED)
    expected: dict[int, int] = {}  # the state every acknowledged commit so far implies
    total_acks = 0
    stderr_path = tmp_path / "child-stderr.txt"
    for cycle in range(CYCLES):
        base = max(expected.values(), default=0)
        with stderr_path.open("w", encoding="utf-8") as stderr:
            child = subprocess.Popen(
                [sys.executable, str(CHILD), str(data_paths.database), str(branch_id), str(SEED + cycle)],
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                encoding="utf-8",
            )
        assert child.stdout is not None
        lines: list[str] = []
        ready = threading.Event()
        reader = threading.Thread(target=read_acknowledgements, args=(child.stdout, lines, ready))
        reader.start()
        try:
            assert ready.wait(READY_TIMEOUT_S), stderr_path.read_text(encoding="utf-8")
            time.sleep(rng.uniform(0, MAX_DELAY_S))  # the random moment itself: there is no event to await
            assert child.poll() is None, f"child exited by itself: {stderr_path.read_text(encoding='utf-8')}"
        finally:
            child.kill()
            child.wait()
            reader.join()
            child.stdout.close()

        acknowledged = [tuple(map(int, line.split())) for line in lines]
        assert [value for _id, value in acknowledged] == list(range(base + 1, base + 1 + len(acknowledged)))
        for member_id, value in acknowledged:
            expected[member_id] = value
        total_acks += len(acknowledged)
        in_flight = base + len(acknowledged) + 1

        assert integrity_problems(data_paths.database) == [], f"cycle {cycle}"
        durable = durable_values(data_paths.database)
        differing = {
            member_id: value for member_id, value in durable.items() if expected.get(member_id) != value
        }
        assert set(expected) <= set(durable), f"cycle {cycle}: acknowledged rows lost"
        # beyond the acknowledged state, at most the one commit in flight at the kill may have landed
        assert len(differing) <= 1 and set(differing.values()) <= {in_flight}, f"cycle {cycle}: {differing}"
        expected = durable  # the commit in flight may have landed; later cycles build on the file

    assert total_acks >= CYCLES * 5, "too few commits were acknowledged to test anything"
    opened = open_database(data_paths, now=datetime(2026, 11, 25, 9, 0))  # start-up after the last crash
    assert opened.start_backup is not None
    close_database(opened, data_paths, now=datetime(2026, 11, 25, 9, 1))
    assert durable_values(data_paths.database) == expected
