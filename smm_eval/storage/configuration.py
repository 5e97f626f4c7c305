"""The database settings checked before anything is opened, and database URLs as people see them.

A setting that cannot work is refused at start with a `ConfigurationError` naming the setting,
before a migration runs or a file is created: an in-memory SQLite database (everything stored in
it vanishes when the process ends), a file under a missing folder (not created silently), a file
that is not a SQLite database (left untouched, never overwritten), a folder, a path under /sys,
/proc or /dev, a file or folder this process cannot write, and connect options the driver rejects.
URLs are only ever shown with their password hidden (`redact`); a SQLite file is named by its
file name only, never its folder (a design choice: visitors of the app do not learn server paths).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from smm_eval.errors import ConfigurationError, Problem

SQLITE_MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite 3 file (sqlite.org/fileformat.html 1.3)
SYSTEM_DIRS = ("/sys", "/proc", "/dev")  # kernel file systems, never a place for a database (design choice)
_SECRET_KEY = re.compile(r"pass|secret|token|key", re.IGNORECASE)  # query options whose values are hidden
_USERINFO = re.compile(r"(?<=://)[^/?#]*@")  # user:password@ of a URL that SQLAlchemy cannot parse


def redact(url: str) -> str:
    """`url` with its password hidden (`***`), parsed or not.

    A URL SQLAlchemy can parse is rendered by `URL.render_as_string(hide_password=True)`, and the
    values of query options named like a secret (password, sslpassword, token, key) are hidden too;
    one it cannot parse keeps its scheme and host with the whole user part (`user:password@`)
    replaced by `***@`, and query values hidden.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        text = _USERINFO.sub("***@", url)
        base, _, query = text.partition("?")
        return base + ("?" + re.sub(r"=[^&]*", "=***", query) if query else "")
    text = parsed.render_as_string(hide_password=True)
    for key in (k for k in parsed.query if _SECRET_KEY.search(k)):
        text = re.sub(rf"([?&]{re.escape(key)}=)[^&]*", r"\1***", text)
    return text


def _problem(setting: str, code: str, message: str, **params: str) -> ConfigurationError:
    return ConfigurationError([Problem(setting, message, code=f"config.{code}", params=params)])


def check_target(url: str, setting: str) -> None:
    """Refuse a database target that cannot keep the workspace, before it is opened or created.

    Parameters
    ----------
    url
        The SQLAlchemy URL (already parsed once by the settings).
    setting
        The setting it came from, named in the problem.

    Raises
    ------
    ConfigurationError
        In memory; the folder is missing, not writable or under /sys, /proc or /dev; the path is a
        folder, or a file that is not a SQLite database (its first 16 bytes are not SQLite's header;
        an empty file is accepted: SQLite treats it as a new database).
    """
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        return
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file::memory:") or "mode=memory" in url:
        raise _problem(setting, "memory", "an in-memory SQLite database keeps nothing once the app or the command "
                       "ends; set a file path (sqlite:///path/to/workspace.sqlite) or a PostgreSQL URL")  # fmt: skip
    path = Path(database).absolute()
    name = path.name
    if any(str(path) == d or str(path).startswith(d + "/") for d in SYSTEM_DIRS):
        raise _problem(setting, "system_path", f"{path} is under /sys, /proc or /dev: not a place for a database "
                       "file; choose a path in a folder of your own", name=name)  # fmt: skip
    if path.is_dir():
        raise _problem(setting, "directory", f"{path} is a folder, not a database file; add a file name "
                       "(e.g. workspace.sqlite)", name=name)  # fmt: skip
    if not path.parent.is_dir():
        raise _problem(setting, "missing_folder", f"the folder {path.parent} does not exist; create it or choose "
                       "another path (it is not created for you)", name=name)  # fmt: skip
    if path.exists():
        _check_existing(path, setting)
    elif not os.access(path.parent, os.W_OK | os.X_OK):
        raise _problem(setting, "unwritable", f"the folder {path.parent} cannot be written by this process, so "
                       f"{name} cannot be created there", name=name)  # fmt: skip


def _check_existing(path: Path, setting: str) -> None:
    """An existing SQLite path: a readable, writable file starting with SQLite's header (or empty)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise _problem(setting, "unreadable", f"{path} cannot be read: {exc.strerror or exc}", name=path.name) from None
    if head and head != SQLITE_MAGIC:
        raise _problem(setting, "not_sqlite", f"{path} is not a SQLite database (it was left untouched); point the "
                       "setting at a workspace file or at a new file name", name=path.name)  # fmt: skip
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
        raise _problem(setting, "unwritable", f"{path} (or its folder, where SQLite keeps its journal) cannot be "
                       "written by this process", name=path.name)  # fmt: skip


def open_problem(exc: BaseException, url: str, setting: str) -> ConfigurationError | None:
    """A failure while opening the database that is the configuration's fault, else None.

    SQLite's "unable to open database file" and "file is not a database" (the checks above passed,
    yet the file system or the file refused), and connect options a driver rejects (psycopg's
    "invalid dsn" / "invalid connection option", a TypeError or ValueError of a keyword argument).
    Anything else (a server that is down, a locked file) is not: the caller reports it as
    unavailable, to try again.
    """
    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
    detail = detail.replace(url, redact(url))
    rejected = "invalid dsn" in detail or "connection option" in detail
    if isinstance(exc, TypeError | ValueError | ArgumentError) or rejected:
        return _problem(setting, "bad_option", f"the database driver refused the settings of {redact(url)}: {detail}",
                        url=redact(url), detail=detail)  # fmt: skip
    if make_url(url).drivername.startswith("sqlite") and (
        "unable to open database file" in detail or "file is not a database" in detail
    ):
        name = Path(make_url(url).database or "").name
        return _problem(setting, "sqlite_open", f"SQLite cannot open {make_url(url).database}: {detail}",
                        name=name, detail=detail)  # fmt: skip
    return None
