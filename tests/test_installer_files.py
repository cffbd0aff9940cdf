"""The installer recipes say what they must (cheap text checks; nothing is built here).

The builds themselves run in installer/linux/build-deb.sh and installer/windows/build.ps1; these tests
keep the recipes in step with the code they package: the Qt modules the app imports, the names the
app uses for its mutex, data folder and portable marker, the menu entry in Chinese.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from branchdesk import APP_NAME, APP_TITLE
from branchdesk.paths import PORTABLE_MARKER

from branchdesk.ui.single_instance import INSTALLER_MUTEX

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "branchdesk.spec"
NSI = INSTALLER / "windows" / "branchdesk.nsi"


def _spec_value(name: str) -> object:
    """Evaluate one plain assignment of the spec (it is Python, but needs PyInstaller to run whole)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return eval(compile(ast.Expression(node.value), str(SPEC), "eval"), {})
    raise AssertionError(f"{name} not assigned in {SPEC.name}")


def _qt_modules_imported_by_the_app() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src" / "branchdesk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6."):
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("PySide6."))
    return found


def test_the_spec_excludes_no_qt_module_the_app_or_qt_material_needs() -> None:
    excluded = set(_spec_value("QT_EXCLUDES"))  # type: ignore[arg-type]
    used = _qt_modules_imported_by_the_app()
    assert {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtNetwork"} <= used
    needed = used | {"PySide6.QtUiTools", "PySide6.QtSvg"}  # qt_material imports QtUiTools; SVG icons
    assert excluded & needed == set()
    assert {"PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.Qt3DCore"} <= excluded
    assert "PySide6.QtMultimedia" in excluded


def test_the_spec_carries_migrations_resources_and_chinese_qt_translations() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert 'collect_data_files("branchdesk.migrations", include_py_files=True' in text  # Alembic reads files
    assert 'collect_data_files("branchdesk.resources"' in text
    assert 'collect_data_files("qt_material"' in text
    assert 'path.endswith("_zh_CN.qm")' in text
    assert "console=False" in text and "version=_version_resource()" in text


def test_the_desktop_entry_is_chinese_and_starts_the_command() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(INSTALLER / "linux" / "branchdesk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Name[zh_CN]"] == APP_TITLE
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"
    assert desktop["Exec"] == "branchdesk" and desktop["Icon"] == "branchdesk"
    assert desktop["StartupWMClass"] == APP_NAME  # Qt's WM_CLASS class is the application name
    assert "Office;" in desktop["Categories"]


def test_the_deb_has_no_maintainer_scripts_so_removal_never_touches_data() -> None:
    control = (INSTALLER / "linux" / "control.in").read_text(encoding="utf-8")
    fields = dict(line.split(": ", 1) for line in control.splitlines() if re.match(r"^[A-Z][\w-]*: ", line))
    assert fields["Package"] == "branchdesk" and fields["Architecture"] == "amd64"
    assert fields["Depends"] == "@DEPENDS@"  # filled by dpkg-shlibdeps at build time
    script = (INSTALLER / "linux" / "build-deb.sh").read_text(encoding="utf-8")
    assert not re.search(r"DEBIAN/(pre|post)(inst|rm)", script)
    assert not list((INSTALLER / "linux").glob("*inst")) and not list((INSTALLER / "linux").glob("*rm"))
    assert "-Zzstd" in script and "90 * 1024 * 1024" in script
    assert (
        "/usr/share/icons/hicolor" in script
        and 'ln -s /opt/branchdesk/branchdesk "$stage/usr/bin/branchdesk"' in script
    )


def test_both_platforms_ship_the_portable_marker_the_app_looks_for() -> None:
    assert (INSTALLER / PORTABLE_MARKER).is_file()
    assert f'"$ROOT/installer/{PORTABLE_MARKER}"' in (INSTALLER / "linux" / "build-deb.sh").read_text(
        encoding="utf-8"
    )
    assert f'"installer\\{PORTABLE_MARKER}"' in (INSTALLER / "windows" / "build.ps1").read_text(
        encoding="utf-8"
    )


def test_the_windows_setup_is_per_user_chinese_and_guarded_by_the_apps_mutex() -> None:
    nsi = NSI.read_text(encoding="utf-8")
    defines = dict(re.findall(r'^!define (\w+) "([^"]*)"', nsi, flags=re.MULTILINE))
    assert defines["MUTEX"] == INSTALLER_MUTEX
    assert 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${MUTEX}")' in nsi
    assert "RequestExecutionLevel user" in nsi and '!insertmacro MUI_LANGUAGE "SimpChinese"' in nsi
    assert defines["APP_ID"] == APP_NAME and defines["APP_EXE"] == f"{APP_NAME}.exe"
    # the data folder platformdirs gives on Windows (paths.resolve_data_dir), never the program folder
    assert defines["DATA_DIR"] == f"$LOCALAPPDATA\\{APP_NAME}"
    assert re.search(r'^InstallDir "\$LOCALAPPDATA\\Programs\\BranchDesk"$', nsi, flags=re.MULTILINE)
    question = nsi[nsi.index("是否同时删除") - 200 : nsi.index("IDYES delete_data") + 20]
    assert "MB_DEFBUTTON2" in question and "/SD IDNO" in question  # the default (and silent) answer keeps it


@pytest.mark.skipif(shutil.which("makensis") is None, reason="makensis (Debian package nsis) not installed")
def test_the_windows_setup_script_compiles() -> None:
    done = subprocess.run(
        ["bash", str(INSTALLER / "windows" / "check-nsis.sh")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_builds_and_install_tests_on_windows() -> None:
    workflow = (ROOT / ".github" / "workflows" / "windows-installer.yml").read_text(encoding="utf-8")
    assert "runs-on: windows-latest" in workflow
    assert "installer/windows/build.ps1" in workflow and "installer/windows/test-install.ps1" in workflow


def test_system_libraries_are_told_apart_from_bundled_ones(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("system_libs", INSTALLER / "linux" / "system_libs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    toc = tmp_path / "COLLECT-00.toc"
    toc.write_text(
        repr(
            (
                [
                    ("libxcb-cursor.so.0", "/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0", "BINARY"),
                    ("libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1", "BINARY"),
                    ("libpython3.11.so.1.0", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "BINARY"),
                    (
                        "PySide6/Qt/lib/libQt6Core.so.6",
                        "/venv/site-packages/PySide6/Qt/lib/libQt6Core.so.6",
                        "BINARY",
                    ),
                    ("branchdesk/resources/icons/x.png", "/usr/lib/python3/x.png", "DATA"),
                ],
                "x",
            )
        ),
        encoding="utf-8",
    )
    assert module.system_libraries(toc) == ["libxcb-cursor.so.0", "libz.so.1"]


def test_every_package_of_the_app_is_listed_for_the_non_editable_install_the_builds_freeze() -> None:
    """A package missing from pyproject's list is missing from the installer: pip installs only those."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    )
    src = ROOT / "src"
    found = {".".join(p.parent.relative_to(src).parts) for p in (src / "branchdesk").rglob("__init__.py")}
    developer_only = {"branchdesk.bench"}  # the benchmark: run from a checkout, never shipped
    assert found - listed - developer_only == set()
