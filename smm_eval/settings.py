"""Settings of SMM Eval, read once from the environment (prefix SMM_EVAL_) or a .env file.

Nothing else in the project reads os.environ for configuration: call `get_settings()`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from smm_eval.errors import ConfigurationError, Problem

ROOT = Path(__file__).resolve().parent.parent
SUPPORTED_DRIVERS = ("sqlite", "postgresql", "postgresql+psycopg")
DEFAULT_SQLITE_PATH = ROOT / "var" / "smm_eval.sqlite"
DEFAULT_SECRET_KEY_FILE = ROOT / "var" / "secret_key"
URL_SETTING, PATH_SETTING = "SMM_EVAL_DATABASE_URL", "SMM_EVAL_SQLITE_PATH"
MODE_SETTING = "SMM_EVAL_MODE"


class Settings(BaseSettings):
    """Where the workspace database lives, and who may use it.

    - `SMM_EVAL_DATABASE_URL`: a SQLAlchemy URL; PostgreSQL for teams, e.g.
      `postgresql+psycopg://user@host/db`. When empty, an embedded SQLite file is used.
    - `SMM_EVAL_SQLITE_PATH`: that SQLite file (default `var/smm_eval.sqlite` in the project).
    - `SMM_EVAL_MODE`: `personal` (nobody signs in; the default with SQLite) or `team` (everyone
      signs in and acts in a role; the default, and the only mode, with PostgreSQL).
    - `SMM_EVAL_ADMINS`: comma-separated e-mail addresses that are made admins at their first
      (verified) sign-in in team mode, so a new team workspace has someone to give out roles.
    - `SMM_EVAL_RETENTION_MONTHS`: candidates nobody touched for this many months are anonymised
      when an admin applies the retention rule (`retention apply`, or the candidates page's data
      section); unset: no retention period (docs/access.md, "Data lifecycle").
    - `SMM_EVAL_SECRET_KEY`: the server's secret that signs invitation links (HMAC-SHA256 of each
      token; at least 32 characters, e.g. `python -c "import secrets; print(secrets.token_hex(32))"`).
      When empty, a key is generated once into `SMM_EVAL_SECRET_KEY_FILE` (default
      `var/secret_key`, mode 0600). Several app servers sharing one workspace must share one key.
    - `SMM_EVAL_BASE_URL`: the address people open the app at (e.g. `https://smm.example.org/`
      behind a reverse proxy), used to write invitation links; when empty, the address the
      recruiter's own browser uses.
    """

    model_config = SettingsConfigDict(
        env_prefix="SMM_EVAL_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )  # a URL's password never appears in a validation message

    database_url: str | None = Field(default=None)
    sqlite_path: Path = Field(default=DEFAULT_SQLITE_PATH)
    mode: Literal["personal", "team"] | None = Field(default=None)
    admins: str = Field(default="")
    retention_months: int | None = Field(default=None, ge=1, le=1200)
    secret_key: SecretStr | None = Field(default=None, min_length=32)
    secret_key_file: Path = Field(default=DEFAULT_SECRET_KEY_FILE)
    base_url: str = Field(default="")

    @field_validator("mode", mode="before")
    @classmethod
    def _mode_word(cls, value: object) -> object:
        if isinstance(value, str):
            return value.strip().lower() or None
        return value

    @field_validator("secret_key", mode="before")
    @classmethod
    def _no_empty_key(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            url = make_url(value.strip())
        except (ArgumentError, ValueError):  # a port that is not a number raises ValueError
            raise ValueError("bad_url") from None  # the text of the exception may hold the password
        if url.drivername not in SUPPORTED_DRIVERS:
            raise ValueError(f"driver:{url.drivername}")
        if url.drivername == "postgresql":  # psycopg 3 is the driver we ship
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)

    @property
    def url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.sqlite_path}"

    @property
    def team(self) -> bool:
        """Whether visitors must sign in (team mode): set, or implied by a PostgreSQL workspace."""
        if self.mode is not None:
            return self.mode == "team"
        return self.url.startswith("postgresql")

    @property
    def admin_emails(self) -> frozenset[str]:
        """`SMM_EVAL_ADMINS` as a set of lower-case e-mail addresses."""
        return frozenset(e.strip().lower() for e in self.admins.split(",") if e.strip())

    @property
    def url_setting(self) -> str:
        """The name of the setting `url` comes from, for messages about it."""
        return URL_SETTING if self.database_url else PATH_SETTING


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings, read once per process.

    Raises
    ------
    ConfigurationError
        SMM_EVAL_DATABASE_URL cannot be parsed (`config.bad_url`) or names an unsupported driver
        (`config.driver`); the problem never quotes the URL (it may hold a password).
        SMM_EVAL_MODE is not personal/team (`config.invalid`) or is personal with PostgreSQL
        (`config.mode_postgres`).
    """
    try:
        settings = Settings()
    except ValidationError as exc:
        raise ConfigurationError([_setting_problem(err) for err in exc.errors()]) from None
    if settings.mode == "personal" and settings.url.startswith("postgresql"):
        message = "is 'personal', but a PostgreSQL workspace is shared: use 'team' (everyone signs in)"
        raise ConfigurationError([Problem(MODE_SETTING, message, code="config.mode_postgres")])
    return settings


def _setting_problem(err: ErrorDetails) -> Problem:  # one pydantic error of the settings, without its input
    setting = f"SMM_EVAL_{str(err['loc'][0]).upper()}" if err.get("loc") else URL_SETTING
    reason = str(err.get("ctx", {}).get("error", err["msg"]))
    if reason.startswith("driver:"):
        driver = reason.removeprefix("driver:")
        message = f"uses the driver '{driver}'; supported: sqlite, postgresql+psycopg"
        return Problem(setting, message, code="config.driver", params={"driver": driver})
    if reason == "bad_url":
        message = "is not a database URL (e.g. sqlite:///path/to/workspace.sqlite or postgresql+psycopg://user@host/db)"
        return Problem(setting, message, code="config.bad_url")
    return Problem(setting, f"is not valid: {err['msg']}", code="config.invalid", params={"reason": err["msg"]})
