"""The layers hold: no Qt below ui/, no SQLAlchemy inside ui/ (parsed imports, not grep)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "branchdesk"
QT_ROOTS = {"PySide6", "shiboken6", "qt_material"}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
            if node.module.startswith("branchdesk.ui"):
                roots.add("branchdesk.ui")
    return roots


def _files(*parts: str) -> list[Path]:
    return sorted((SRC.joinpath(*parts)).rglob("*.py"))


@pytest.mark.parametrize("layer", ["models", "services", "exports"])
def test_lower_layers_never_import_qt_or_the_ui(layer: str) -> None:
    offenders = {
        str(f.relative_to(SRC)): roots & (QT_ROOTS | {"branchdesk.ui"})
        for f in _files(layer)
        if (roots := _imported_roots(f)) & (QT_ROOTS | {"branchdesk.ui"})
    }
    assert offenders == {}
    assert _files(layer), f"{layer}/ has no modules to check"


def test_ui_never_imports_sqlalchemy() -> None:
    offenders = [
        str(f.relative_to(SRC)) for f in _files("ui") if {"sqlalchemy", "alembic"} & _imported_roots(f)
    ]
    assert offenders == []


def test_the_layer_check_itself_detects_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert "PySide6" in _imported_roots(sample)
