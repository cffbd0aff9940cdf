"""Print the bundled libraries that PyInstaller copied from the build machine's system folders.

    python installer/linux/system_libs.py installer/build/work/branchdesk/COLLECT-00.toc

The .deb leaves these out and depends on the Debian packages that provide them instead (the
system's own, security-updated copies; no second libstdc++ or fontconfig beside the system's Mesa
and font configuration). Qt's libraries (from the PySide6 wheel) and libpython stay bundled. One
destination path (relative to the bundle) per line.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SYSTEM_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")


def _entries(node: object) -> list[tuple[str, str, str]]:
    """Every (dest, source, typecode) triple in the TOC file's nested tuples and lists."""
    found: list[tuple[str, str, str]] = []
    if isinstance(node, tuple) and len(node) == 3 and all(isinstance(x, str) for x in node):
        found.append(node)  # type: ignore[arg-type]
    elif isinstance(node, list | tuple):
        for child in node:
            found.extend(_entries(child))
    return found


def system_libraries(toc: Path) -> list[str]:
    entries = _entries(ast.literal_eval(toc.read_text(encoding="utf-8")))
    return sorted(
        {
            dest
            for dest, source, kind in entries
            if kind == "BINARY" and source.startswith(SYSTEM_DIRS) and "python3" not in Path(source).name
        }
    )


if __name__ == "__main__":
    for name in system_libraries(Path(sys.argv[1])):
        print(name)
