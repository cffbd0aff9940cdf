"""Hospital-scale benchmark: `python -m branchdesk.bench` (see README, 性能)."""
