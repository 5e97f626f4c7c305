"""The workspace database: engine, sessions, schema upgrades and the one "unavailable" error.

SQLite (the default) is opened in WAL mode with foreign keys on and a busy timeout; PostgreSQL is
used when SMM_EVAL_DATABASE_URL points at one. The schema is brought up to date by Alembic every
time a database is opened, so the app and the command line never run on an old schema: one query
asks the revision, and Alembic is imported and run only when the schema is behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError

from smm_eval.access import COMMAND_LINE, Actor
from smm_eval.errors import ConfigurationError
from smm_eval.settings import DEFAULT_SQLITE_PATH, URL_SETTING, get_settings
from smm_eval.storage.configuration import check_target, open_problem, redact

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_MS = 10_000


def _alembic_config() -> Config:
    from alembic.config import Config  # Alembic only when migrating or asked (0.3 s at start)

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def make_engine(url: str) -> Engine:
    """An engine for `url`: SQLite in WAL mode with foreign keys and a busy timeout, or PostgreSQL.

    Parameters
    ----------
    url
        A SQLAlchemy URL (`sqlite:///path` or `postgresql+psycopg://...`); the folder of a SQLite
        file must exist (`configuration.check_target` says so before this is called).
    """
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # Deleted rows are overwritten with zeros, not left readable in free pages: an erased
            # candidate must not be recoverable from the file (SQLite "PRAGMA secure_delete").
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


# The key of the PostgreSQL advisory lock held while the schema is upgraded: any 64-bit number
# the application uses for nothing else (design choice: the ASCII bytes of "smm-eval").
MIGRATION_LOCK = int.from_bytes(b"smm-eval", "big") - 2**63


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Apply every migration up to `revision`; an up-to-date database is left as it is.

    Several app processes sharing one PostgreSQL workspace may start at once (docs/deploy.md,
    "Several app processes"). The upgrade runs in one transaction that first takes a transaction-
    level advisory lock (`pg_advisory_xact_lock`, PostgreSQL manual §13.3.5), so a second process
    waits until the first has committed, then finds the schema at head and changes nothing.
    SQLite needs no lock: its writers are serialised by the file lock, and a SQLite workspace is
    served by one process.
    """
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at; None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


_REVISION_LINE = re.compile(r'^(down_revision|revision) = (?:"(\w+)"|None)$', re.MULTILINE)


def head_from_files() -> str | None:
    """The newest migration's revision read from the migration files' `revision` and
    `down_revision` lines, without Alembic (importing it cost 0.3 s of the first page; design choice).

    Returns
    -------
    str or None
        The one head of the chain; None when the files do not make one plain chain (a merge, a
        tuple of down revisions, a line written otherwise): `open_database` then runs Alembic,
        which stays the authority (`head_revision()`; tests/integration/storage/test_lazy_open.py
        checks that both agree).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text_ = path.read_text(encoding="utf-8")
        found: dict[str, str | None] = {m.group(1): m.group(2) for m in _REVISION_LINE.finditer(text_)}
        if "revision" not in found or found["revision"] is None or "down_revision" not in found:
            return None
        revisions.add(found["revision"])
        if found["down_revision"] is not None:
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _schema_current(connection: Connection) -> bool:
    """Whether the database is already at the newest migration, asked with one plain query
    (`alembic_version`), so an up-to-date workspace opens without importing Alembic."""
    head = head_from_files()
    if head is None or not inspect(connection).has_table("alembic_version"):
        return False
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows == [head]


def head_revision() -> str:
    """The newest migration's revision id (what `open_database` upgrades to).

    Raises
    ------
    RuntimeError
        The migrations folder holds no migration (a broken installation).
    """
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS}")
    return head


def describe(url: str) -> str:
    """Where the data lives, for people: the SQLite file's name (never its folder: visitors do not
    learn server paths), or the server without its password; a URL that cannot be parsed, redacted."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return redact(url)
    if parsed.drivername.startswith("sqlite"):
        return f"SQLite · {Path(parsed.database or '').name or 'in memory'}"
    port = f":{parsed.port}" if parsed.port else ""
    user = f"{parsed.username}@" if parsed.username else ""
    return f"PostgreSQL · {user}{parsed.host or 'localhost'}{port}/{parsed.database}"


class DatabaseUnavailableError(Exception):
    """The workspace database cannot be reached right now; nothing of the transaction was saved.

    `where` is the database as `describe` names it (never a password); `detail` is the driver's
    first line, for the log or a details line.
    """

    def __init__(self, where: str, detail: str) -> None:
        self.where = where
        self.detail = detail.splitlines()[0][:300] if detail else ""
        super().__init__(f"the workspace database ({where}) cannot be reached: {self.detail}")


@dataclass(frozen=True)
class Database:
    """An open, up-to-date workspace database, and who acts on it.

    `actor` is who the services act for (`smm_eval.access`): the command line and tests get
    `COMMAND_LINE` (an admin); pages pass the personal user or the signed-in user through
    `acting_as`, which shares the engine and its pool.
    """

    url: str
    engine: Engine
    actor: Actor = COMMAND_LINE

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        """The session factory, made on the first transaction: SQLAlchemy's ORM is imported then,
        not when the app opens the workspace for its first page (0.1-0.2 s)."""
        from sqlalchemy.orm import sessionmaker

        return sessionmaker(self.engine, expire_on_commit=False)

    def acting_as(self, actor: Actor) -> Database:
        """The same database, with the services acting for `actor` (permissions checked on it)."""
        return replace(self, actor=actor)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back entirely on any error.

        The session carries the acting `actor` in `session.info["actor"]`, for the storage
        functions that record who changed what.

        Raises
        ------
        DatabaseUnavailableError
            The database cannot be reached (server stopped, file locked by another program);
            nothing of this transaction was saved.
        """
        try:
            with self.sessions.begin() as session:
                session.info["actor"] = self.actor  # who the audit trail names (storage.audit)
                yield session
        except (OperationalError, InterfaceError) as exc:
            if too_many_parameters(exc):  # a statement too large is our fault, not the server's absence
                raise
            raise DatabaseUnavailableError(self.describe(), str(getattr(exc, "orig", exc))) from exc

    def describe(self) -> str:
        """Where the data lives, for people (see the module function `describe`)."""
        return describe(self.url)

    def dispose(self) -> None:
        """Close every pooled connection (the end of a test or a command)."""
        self.engine.dispose()


def open_database(url: str | None = None, upgrade: bool = True) -> Database:
    """Open the workspace database (the configured one by default) and bring its schema up to date.

    Parameters
    ----------
    url
        The database URL; None means `get_settings().url` (SMM_EVAL_DATABASE_URL or the SQLite file).
    upgrade
        Whether to run the migrations up to head (False only for tests of the migrations).

    Raises
    ------
    ConfigurationError
        The settings cannot work (`configuration.check_target`, `configuration.open_problem`): in
        memory, a missing folder, a file that is not SQLite, a rejected connect option, ...
    DatabaseUnavailableError
        The database cannot be reached while upgrading it.
    """
    if url is None:
        settings = get_settings()
        url, setting = settings.url, settings.url_setting
        if url == f"sqlite:///{DEFAULT_SQLITE_PATH}":  # the project's own var/ folder, not a user's path
            DEFAULT_SQLITE_PATH.parent.mkdir(exist_ok=True)
    else:
        setting = setting_of(url)
    check_target(url, setting)
    try:
        engine = make_engine(url)
    except (TypeError, ValueError, ArgumentError) as exc:
        raise open_problem(exc, url, setting) or exc from None
    if upgrade:
        try:
            with engine.connect() as connection:  # the first connection: a refused option is the settings' fault
                current = _schema_current(connection)
            if not current:  # migrations only when the schema is behind (Alembic imported only then)
                upgrade_schema(engine)
        except (DBAPIError, TypeError, ValueError) as exc:
            engine.dispose()
            connecting = not isinstance(exc, TypeError | ValueError) or _while_connecting(exc)
            problem = open_problem(exc, url, setting) if connecting else None
            if problem is not None:
                raise problem from None
            if not isinstance(exc, OperationalError | InterfaceError):
                raise
            raise DatabaseUnavailableError(describe(url), str(getattr(exc, "orig", exc))) from exc
    return Database(url, engine)


# What the drivers say when one statement binds more parameters than they allow (SQLite 32,766;
# psycopg 65,535): a query to batch (`smm_eval.limits.SQL_IN_BATCH`), never "cannot be reached".
_TOO_MANY_PARAMETERS = ("too many sql variables", "number of parameters must be between")


def too_many_parameters(exc: BaseException) -> bool:
    """Whether a driver error says that one statement had more parameters than the driver allows."""
    text = str(getattr(exc, "orig", exc)).casefold()
    return any(marker in text for marker in _TOO_MANY_PARAMETERS)


def _while_connecting(exc: BaseException) -> bool:
    """Whether a TypeError or ValueError came from the driver's connect call (a connect option of
    the wrong type), not from a migration."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    return "connect" in frames


def setting_of(url: str) -> str:
    """The setting a URL given in code most likely came from (named in configuration problems)."""
    try:
        settings = get_settings()
    except ConfigurationError:  # the environment's URL is broken; this one was given in code
        return URL_SETTING
    return settings.url_setting if url == settings.url else URL_SETTING
