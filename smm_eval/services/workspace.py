"""The workspace database as the entry points open it: the handle, its name, and its failure.

Pages and the CLI reach the database only through services; this module gives them the handle
those services take (`Database`, opened and migrated), the name to show for it (never a password)
and the error raised when it cannot be reached, so no entry point imports the storage package.
"""

from __future__ import annotations

from smm_eval.storage import Database, DatabaseUnavailableError, describe, open_database

__all__ = ["Database", "DatabaseUnavailableError", "describe_workspace", "open_workspace"]


def open_workspace(url: str | None = None) -> Database:
    """Open the workspace database at `url` (the configured one by default), schema up to date.

    Raises
    ------
    DatabaseUnavailableError
        The database cannot be reached.
    """
    return open_database(url)


def describe_workspace(url: str) -> str:
    """The database as the sidebar names it, e.g. "SQLite · var/smm_eval.sqlite" (no password)."""
    return describe(url)
