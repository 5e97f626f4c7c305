"""Settings of SMM Eval, read once from the environment (prefix SMM_EVAL_) or a .env file.

Nothing else in the project reads os.environ for configuration: call `get_settings()`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ROOT = Path(__file__).resolve().parent.parent
SUPPORTED_DRIVERS = ("sqlite", "postgresql", "postgresql+psycopg")


class Settings(BaseSettings):
    """Where the workspace database lives.

    - `SMM_EVAL_DATABASE_URL`: a SQLAlchemy URL; PostgreSQL for teams, e.g.
      `postgresql+psycopg://user@host/db`. When empty, an embedded SQLite file is used.
    - `SMM_EVAL_SQLITE_PATH`: that SQLite file (default `var/smm_eval.sqlite` in the project).
    """

    model_config = SettingsConfigDict(env_prefix="SMM_EVAL_", env_file=".env", extra="ignore")

    database_url: str | None = Field(default=None)
    sqlite_path: Path = Field(default=ROOT / "var" / "smm_eval.sqlite")

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            url = make_url(value.strip())
        except ArgumentError as exc:
            raise ValueError(f"SMM_EVAL_DATABASE_URL is not a database URL: {exc}") from exc
        if url.drivername not in SUPPORTED_DRIVERS:
            raise ValueError(f"SMM_EVAL_DATABASE_URL uses '{url.drivername}'; supported: sqlite, postgresql+psycopg")
        if url.drivername == "postgresql":  # psycopg 3 is the driver we ship
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)

    @property
    def url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.sqlite_path}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
