"""`python -m branchdesk.bench`: time each figure several times, print medians against targets, write JSON.

    python -m branchdesk.bench [--repeat 5] [--work DIR] [--cache DIR] [--seed N] [--out bench-results.json]

The hospital-scale databases are generated (seeded) on the first run into a cache folder (by default
the user's cache folder, so a fresh checkout on the same PC reuses them), keyed by the generator's
version, the seed and the scale; the work folder holds the copies each figure runs on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

from branchdesk import APP_NAME, __version__
from branchdesk.bench import hospital, measures


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    unit: str
    target: float
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def passed(self) -> bool:
        return self.median <= self.target


def default_cache() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "bench"


def _cached(path: Path, build: Callable[[Path], object]) -> Path:
    """`path` if an earlier run built it; else build it under a temporary name and rename it (atomic)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".partial")
        temp.unlink(missing_ok=True)
        started = time.perf_counter()
        build(temp)
        temp.replace(path)
        print(f"  生成 {path.name}（{time.perf_counter() - started:.1f} s）", flush=True)
    return path


def run(repeat: int, work: Path, cache: Path, seed: int = hospital.DEFAULT_SEED) -> list[Figure]:
    work.mkdir(parents=True, exist_ok=True)
    stamp = f"v{hospital.GENERATOR_VERSION}-s{seed}"
    started = time.perf_counter()
    hospital_db = _cached(
        cache / f"hospital-{stamp}-{hospital.FULL.key}.sqlite3",
        lambda p: hospital.build_hospital(p, seed=seed),
    )
    fixed = f"v{hospital.GENERATOR_VERSION}"  # these two have seeds of their own
    single_db = _cached(cache / f"single-branch-{fixed}.sqlite3", hospital.build_single_branch)
    workbook = _cached(cache / f"roster-5000-{fixed}.xlsx", hospital.write_roster_workbook)
    print(f"数据准备完成（{time.perf_counter() - started:.1f} s）：{cache}", flush=True)
    print(f"  {hospital.count(hospital_db)}", flush=True)
    figures: list[Figure] = []

    data_dir = measures.prepare_data_dir(hospital_db, work / "start-data")
    measures.app_start(data_dir)  # the first start writes the theme cache and a start backup
    measures.bare_start()
    app_runs = [measures.app_start(data_dir) for _ in range(repeat)]
    bare_runs = [measures.bare_start() for _ in range(repeat)]
    ratios = [a.seconds / b.seconds for a, b in zip(app_runs, bare_runs, strict=True)]
    figures.append(Figure("start_ratio", "冷启动到显示数据 / 空白 PySide6 窗口", "倍", 2.0, ratios))
    figures.append(
        Figure("start_seconds", "冷启动到显示数据（参考）", "s", float("inf"), [r.seconds for r in app_runs])
    )
    figures.append(
        Figure(
            "ready_seconds",
            "冷启动到页面载入完成（参考）",
            "s",
            float("inf"),
            [r.ready_seconds for r in app_runs],
        )
    )
    figures.append(
        Figure("peak_memory", "打开全院数据库后的内存峰值", "MB", 250.0, [r.peak_kb / 1024 for r in app_runs])
    )

    page = measures.RosterPageBench(single_db, work / "roster-page")
    try:
        page.load()
        figures.append(
            Figure(
                "roster_load",
                "花名册页面载入 3,000 名党员",
                "ms",
                500.0,
                [page.load() * 1000 for _ in range(repeat)],
            )
        )
        figures.append(
            Figure(
                "filter_keystroke",
                "查找框输入一个字母",
                "ms",
                16.0,
                [page.keystroke() * 1000 for _ in range(repeat)],
            )
        )
    finally:
        page.close()

    preview = measures.import_preview(single_db, workbook, work / "import")
    figures.append(
        Figure("import_preview", "预览导入 5,000 行花名册", "s", 3.0, [preview() for _ in range(repeat)])
    )

    open_meeting, sign_in_pdf, year_view = measures.meeting_open(hospital_db, work / "meetings")
    open_meeting(), sign_in_pdf(), year_view()  # warm: first queries, the font, the PDF engine
    figures.append(
        Figure(
            "meeting_open",
            "打开 150 人的会议及出席",
            "ms",
            50.0,
            [open_meeting() * 1000 for _ in range(repeat)],
        )
    )
    figures.append(
        Figure("sign_in_pdf", "150 人签到表 PDF", "s", 0.5, [sign_in_pdf() for _ in range(repeat)])
    )
    figures.append(
        Figure(
            "year_view",
            "年度自查（5 年会议的支部）",
            "ms",
            100.0,
            [year_view() * 1000 for _ in range(repeat)],
        )
    )
    year = hospital.TODAY.year - 1  # the last whole year of the five
    volunteer_once, events = measures.volunteer_year(hospital_db, work / "volunteer", year)
    figures.append(
        Figure(
            "volunteer_year",
            f"全院志愿服务 {year} 年统计（{events:,} 次活动）",
            "ms",
            200.0,
            [volunteer_once() * 1000 for _ in range(repeat)],
        )
    )
    return figures


def machine() -> dict[str, object]:
    """What the figures were measured on: CPU model and count, memory, Python and platform."""
    info: dict[str, object] = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "cpu": platform.processor(),
    }
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        info["cpu"] = next(
            line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("model name")
        )
        memory = Path("/proc/meminfo").read_text(encoding="utf-8").split()
        info["memory_gb"] = round(int(memory[memory.index("MemTotal:") + 1]) / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass  # not Linux: platform's own words only
    return info


def _format(value: float, unit: str) -> str:
    return f"{value:.2f} {unit}" if unit in ("s", "倍") else f"{value:.1f} {unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m branchdesk.bench", description="支部工作台 全院规模性能测试"
    )
    parser.add_argument("--repeat", type=int, default=5, help="每项重复次数（取中位数）")
    parser.add_argument("--work", type=Path, default=Path("bench-work"), help="测试时使用的临时文件夹")
    parser.add_argument(
        "--cache", type=Path, default=default_cache(), help="生成数据库的缓存文件夹（按生成器版本和种子区分）"
    )
    parser.add_argument("--seed", type=int, default=hospital.DEFAULT_SEED, help="生成全院数据的随机种子")
    parser.add_argument("--out", type=Path, default=Path("bench-results.json"), help="结果 JSON 文件")
    args = parser.parse_args(argv)
    figures = run(max(1, args.repeat), args.work, args.cache, args.seed)
    print(f"\n{'项目':<28}{'中位数':>14}{'目标':>12}  结果")
    for f in figures:
        target = "—" if f.target == float("inf") else _format(f.target, f.unit)
        verdict = "" if f.target == float("inf") else ("PASS" if f.passed else "MISS")
        print(f"{f.title:<28}{_format(f.median, f.unit):>14}{target:>12}  {verdict}")
    result = {
        "version": __version__,
        "machine": machine(),
        "repeat": args.repeat,
        "figures": [
            {
                **asdict(f),
                "median": f.median,
                "passed": f.passed,
                "target": None if f.target == float("inf") else f.target,
            }
            for f in figures
        ],
    }
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\n结果已写入 {args.out}")
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
