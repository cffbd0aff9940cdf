"""One instance per data folder: the second launch wakes the first; a crash's lock does not block."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication, QMessageBox

from branchdesk.paths import DataPaths

from branchdesk.ui import app as app_module
from branchdesk.ui.app import hand_over_to_running
from branchdesk.ui.single_instance import SingleInstance, instance_key, mutex_name, server_name

LOCK_AND_DIE = (
    "import os, sys\n"
    "from PySide6.QtCore import QLockFile\n"
    "lock = QLockFile(sys.argv[1])\n"
    "assert lock.tryLock(0)\n"
    "print(os.getpid(), flush=True)\n"
    "os._exit(0)  # dies holding the lock, as a crash or power cut would\n"
)


@pytest.fixture
def instances() -> Iterator[list[SingleInstance]]:
    made: list[SingleInstance] = []
    yield made
    for instance in made:
        instance.release()


def _make(instances: list[SingleInstance], paths: DataPaths) -> SingleInstance:
    instance = SingleInstance(paths)
    instances.append(instance)
    return instance


def test_second_instance_sees_the_first_and_the_first_is_asked_to_activate(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    paths = DataPaths(tmp_path / "data")
    first = _make(instances, paths)
    assert first.try_acquire()
    assert first.start_server()
    second = _make(instances, paths)
    assert not second.try_acquire()
    with qtbot.waitSignal(first.activate_requested, timeout=5000):
        assert second.notify_running()


def test_second_launch_hands_over_and_exits_0(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    paths = DataPaths(tmp_path / "data")
    first = _make(instances, paths)
    assert first.try_acquire() and first.start_server()
    second = _make(instances, paths)
    assert not second.try_acquire()
    with qtbot.waitSignal(first.activate_requested, timeout=5000):
        assert hand_over_to_running(second) == 0


def test_a_lock_left_by_a_dead_process_is_taken_over(tmp_path: Path, instances: list[SingleInstance]) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.root.mkdir(parents=True)
    result = subprocess.run(
        [sys.executable, "-c", LOCK_AND_DIE, str(paths.lock_file)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    dead_pid = result.stdout.strip()
    assert paths.lock_file.read_text(encoding="utf-8").splitlines()[0] == dead_pid  # the stale lock is there
    instance = _make(instances, paths)
    assert instance.try_acquire()
    assert paths.lock_file.read_text(encoding="utf-8").splitlines()[0] != dead_pid


def test_released_folder_can_be_opened_again(tmp_path: Path, instances: list[SingleInstance]) -> None:
    paths = DataPaths(tmp_path / "data")
    first = _make(instances, paths)
    assert first.try_acquire()
    first.release()
    assert _make(instances, paths).try_acquire()


def test_other_folders_and_the_demo_database_are_separate_instances(
    tmp_path: Path, instances: list[SingleInstance]
) -> None:
    real = DataPaths(tmp_path / "a")
    assert _make(instances, real).try_acquire()
    assert _make(instances, DataPaths(tmp_path / "b")).try_acquire()
    assert _make(instances, DataPaths(tmp_path / "a", demo=True)).try_acquire()
    assert not _make(instances, real).try_acquire()


def test_names_are_stable_and_say_which_folder(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    key = instance_key(paths)
    assert key == instance_key(DataPaths(tmp_path / "data"))
    assert len(key) == 16
    assert instance_key(DataPaths(tmp_path / "other")) != key
    assert instance_key(DataPaths(tmp_path / "data", demo=True)) == f"{key}-demo"
    assert server_name(paths) == f"branchdesk-{key}"
    assert mutex_name(paths) == f"BranchDesk-{key}"


def test_no_running_instance_means_nothing_answers(tmp_path: Path, instances: list[SingleInstance]) -> None:
    lonely = _make(instances, DataPaths(tmp_path / "nobody"))
    assert not lonely.notify_running(timeout_ms=200)


def test_a_held_folder_with_no_answer_is_explained_in_chinese(
    qapp: QApplication, tmp_path: Path, instances: list[SingleInstance], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = DataPaths(tmp_path / "data")
    holder = _make(instances, paths)
    assert holder.try_acquire()  # holds the lock but never listens (another PC, or still starting)
    second = _make(instances, paths)
    assert not second.try_acquire()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _title, text, *a: shown.append(text))
    monkeypatch.setattr(app_module.time, "sleep", lambda _s: None)
    assert hand_over_to_running(second) == 1
    assert shown and str(paths.root) in shown[0] and "请先关闭另一个窗口" in shown[0]
