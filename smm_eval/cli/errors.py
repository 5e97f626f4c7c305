"""The command line's failures and exit codes: 0 success, 1 the database is unavailable (not the
input's fault), 2 bad input (the message names the file, line and column)."""

from __future__ import annotations

EXIT_UNAVAILABLE = 1
EXIT_BAD_INPUT = 2


class CliError(Exception):
    """A problem to report on stderr before exiting with status 2."""


class DatabaseUnavailableError(Exception):
    """The database cannot be reached; exit status 1 (not the input's fault)."""
