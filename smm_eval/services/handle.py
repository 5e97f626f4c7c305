"""The database handle the services take: a `transaction()` context manager and the `actor`.

`smm_eval.storage.Database` is one; the pages pass their own (which reports an unreachable database
in the page). Services open one transaction per user action, so an action is all or nothing, and
check what `actor` may do (`smm_eval.access`) before doing it.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from smm_eval.access import Actor


class Transactions(Protocol):
    """A database handle: `with db.transaction() as session:` commits on success, else rolls back."""

    def transaction(self) -> AbstractContextManager[Session]: ...

    def describe(self) -> str: ...

    @property
    def actor(self) -> Actor: ...
