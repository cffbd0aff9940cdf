"""PyInstaller's entry script: the frozen program runs the same main() as the `branchdesk` command."""

from branchdesk.cli import main

raise SystemExit(main())
