"""Time to the first window with data shown: the installed (frozen) program against the source.

    python installer/linux/measure_start.py --data-dir DIR --runs 5 \
        frozen=/usr/bin/branchdesk source="/path/to/venv/bin/python -m branchdesk"

Each command is started with BRANCHDESK_BENCH_EXIT=1, which makes the window print `BENCH stage=first`
when it shows its first look at the data and `BENCH stage=ready` once the page holds the services'
data, then quit (ui/app.py, ui/startup_work.py); the times are taken from the spawn to each line, so
they include the interpreter or the frozen loader. Run under Xvfb for the real xcb
platform. The data folder is opened once first (demo database built, theme cached), then the
commands take turns so neither gets a warmer disk cache. Prints one line per command: median, min.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time


def one_start(argv: list[str], env: dict[str, str], timeout: float = 60.0) -> tuple[float, float]:
    """Seconds from the spawn to the first data shown and to the page ready."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    first: float | None = None
    try:
        for line in process.stdout:
            if not line.startswith("BENCH"):
                continue
            now = time.perf_counter() - started
            if "stage=first" in line:
                first = now
                continue
            return (first if first is not None else now), now  # "ready" (or an older single line)
        raise RuntimeError(f"{argv[0]} exited without a BENCH ready line")
    finally:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("commands", nargs="+", metavar="label=command")
    args = parser.parse_args()
    env = dict(os.environ, BRANCHDESK_BENCH_EXIT="1")
    commands = {label: shlex.split(cmd) for label, cmd in (c.split("=", 1) for c in args.commands)}
    extra = ["--demo", "--data-dir", args.data_dir]
    for argv in commands.values():  # warm-up: builds the demo database and the theme cache once
        one_start(argv + extra, env, timeout=180)
    times: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
    for _ in range(args.runs):
        for label, argv in commands.items():
            times[label].append(one_start(argv + extra, env))
    for label, values in times.items():
        first = statistics.median(v[0] for v in values)
        ready = statistics.median(v[1] for v in values)
        print(
            f"{label}: first data shown {first:.2f} s, page ready {ready:.2f} s (median, {len(values)} runs)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
