"""One user action = one transaction: run the service call, commit once, or show why not.

Modelled on Anki's operations: the page passes a function of the session; expected failures are
shown in Chinese and nothing is saved; anything else is logged with its traceback and reported.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from branchdesk.errors import BranchDeskError

from branchdesk.ui.context import AppContext
from branchdesk.ui.dialogs.messages import show_error, show_unexpected

T = TypeVar("T")
log = logging.getLogger(__name__)


def run_action(parent: QWidget | None, ctx: AppContext, action: Callable[[Any], T]) -> T | None:
    """Run `action(session)` in one transaction; None when it failed (and the user was told)."""

    def refused(exc: BranchDeskError) -> None:
        log.info("action refused: %s (field=%s)", exc, exc.field)
        show_error(parent, exc)

    return _run(parent, ctx, action, refused)


def run_keeping_open(
    parent: QWidget,
    ctx: AppContext,
    action: Callable[[Any], T],
    on_refused: Callable[[BranchDeskError], None],
) -> T | None:
    """Like run_action, but a refusal goes to `on_refused`, so a dialog can stay open, say why under
    its form and keep what was typed. Only the field is logged: dialog input may be personal data."""

    def refused(exc: BranchDeskError) -> None:
        log.info("dialog action refused (field=%s)", exc.field)
        on_refused(exc)

    return _run(parent, ctx, action, refused)


def _run(
    parent: QWidget | None,
    ctx: AppContext,
    action: Callable[[Any], T],
    refused: Callable[[BranchDeskError], None],
) -> T | None:
    try:
        with ctx.db.transaction() as session:
            return action(session)
    except BranchDeskError as exc:
        refused(exc)
    except Exception:
        log.exception("unexpected error in a user action")
        show_unexpected(parent, str(ctx.paths.log_file))
    return None


def read(ctx: AppContext, query: Callable[[Any], T]) -> T:
    """Run a read-only service call; errors propagate (a failed read is a bug, not user input)."""
    with ctx.db.transaction() as session:
        return query(session)
