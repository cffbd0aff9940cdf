"""mypy --strict holds for the layers without Qt (models, services, exports), as STYLE.md asks."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_models_services_exports_type_check_strictly() -> None:
    api = pytest.importorskip("mypy.api", reason="mypy is part of the test extra")
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary"])
    assert status == 0, stdout + stderr
