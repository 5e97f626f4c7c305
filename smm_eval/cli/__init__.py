"""Command line: `python -m smm_eval COMMAND ...`.

Each command reads CSV/JSON and writes CSV/JSON; it exits 0 on success, 2 on bad input with a
message naming the file, line and column (or the setting, for a configuration that cannot work:
`errors.ConfigurationError`), and 1 when the database cannot be reached. `parser`
holds the arguments (a command's module is imported only when it runs), `commands` calls the
services (the same ones the pages call), `formatting` writes their records as text.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from smm_eval._alloc import tune_allocator
from smm_eval.cli.errors import EXIT_BAD_INPUT, EXIT_UNAVAILABLE, CliError, DatabaseUnavailableError
from smm_eval.cli.parser import build_parser
from smm_eval.errors import ConfigurationError, InputError

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status (0 success, 1 database unavailable, 2 bad input)."""
    tune_allocator()  # scoring many people: keep freed arrays' memory in the process (smm_eval/_alloc.py)
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)  # only the named command's arguments: no command module is imported
    args = parser.parse_args(argv)
    try:
        text = args.run(args)
        if getattr(args, "output", None):
            try:
                Path(args.output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CliError(f"{args.output}: cannot be written: {exc.strerror or exc}") from exc
        else:
            sys.stdout.write(text)
    except ConfigurationError as exc:  # a setting that cannot work: change it, trying again will not help
        for problem in exc.problems:
            print(f"error: configuration: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except InputError as exc:
        from smm_eval.cli.formatting import counted

        print(f"error: {counted(len(exc.problems), 'problem', 'problems')} in the input:", file=sys.stderr)
        print(exc.summary(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DatabaseUnavailableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except Exception as exc:
        code = _database_failure(exc)
        if code is None:
            raise
        return code
    return 0


def _database_failure(exc: Exception) -> int | None:
    """Report a failure of the database layer; None when `exc` is something else. The modules
    are looked up, not imported: a command that never loaded them cannot have raised their errors."""
    locking = sys.modules.get("smm_eval.storage.locking")
    if locking is not None and isinstance(exc, locking.ConflictError):
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    engine = sys.modules.get("smm_eval.storage.engine")
    if engine is not None and isinstance(exc, engine.DatabaseUnavailableError):
        print(f"error: the database failed during the command; nothing was saved: {exc.detail}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    return None
