"""`python -m branchdesk` runs the same entry point as the `branchdesk` command."""

from branchdesk.cli import main

raise SystemExit(main())
