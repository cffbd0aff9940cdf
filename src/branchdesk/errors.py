"""Expected failures carry the Chinese message the user sees; the English context goes to the log."""

from __future__ import annotations


class BranchDeskError(Exception):
    """A failure the user can understand and act on.

    `user_message` is shown as is; `field` and `row` name where the problem is when known.
    The exception's own text (English context) goes only to the log.
    """

    def __init__(
        self,
        user_message: str,
        *,
        field: str | None = None,
        row: int | None = None,
        context: str = "",
    ) -> None:
        super().__init__(context or user_message)
        self.user_message = user_message
        self.field = field
        self.row = row


class ValidationError(BranchDeskError):
    """Input that breaks a rule; nothing has been written."""


class NotFoundError(BranchDeskError):
    """A record the action refers to no longer exists."""


class DatabaseError(BranchDeskError):
    """The database file cannot be used as it is (corrupt, newer than the app, unreadable)."""


class DatabaseCorruptError(DatabaseError):
    """integrity_check failed or the file is not a SQLite database."""


class DatabaseTooNewError(DatabaseError):
    """The file was written by a newer BranchDesk; opening it could lose data."""


class BackupError(BranchDeskError):
    """A backup could not be written or did not verify."""
