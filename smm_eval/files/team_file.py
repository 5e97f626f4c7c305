"""Reading a team file: the wide ratings CSV with each member's target `role` and a rating `date`.

A rating is a self-rating when its rater is named like `self` (`smm_eval.vocabulary`), otherwise a
manager's. The date column is optional; a missing date means today.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial

import numpy as np
import pandas as pd

from smm_eval.errors import Problem
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.files.tables import MAX_FILE_BYTES, Table, shown
from smm_eval.framework import Framework, RoleProfile
from smm_eval.vocabulary import SELF_RATER_NAMES


@dataclass(frozen=True)
class TeamData:
    """Members with their target role, and their ratings (self or manager) with dates."""

    roles: dict[str, str]  # member -> role id
    ratings: pd.DataFrame  # person, rater, kind ('self'/'manager'), date, competency, level
    blank_records: int = 0  # records of the file skipped because every cell was blank (`Table`)


def read_team(
    data: bytes,
    source: str,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    max_bytes: int | None = MAX_FILE_BYTES,
) -> TeamData:
    """A team from the wide ratings CSV with a `role` column (and an optional `date` column).

    Parameters
    ----------
    data, source
        The file's bytes and the name used in problems.
    framework, roles
        The competency ids allowed as columns and the role ids allowed in `role`.
    max_bytes
        Size limit for uploads; None reads any size.

    Returns
    -------
    TeamData
        Each member's role and the tidy ratings with `kind` and `date` (datetime.date).

    Raises
    ------
    InputError
        The problems of `read_wide_ratings` with, in the same pass, unknown roles, unreadable
        dates and members given more than one role (each at its line and column).
    """
    check = partial(_role_and_date_problems, source=source, roles=roles)
    table = read_wide_ratings(data, source, framework.competency_ids, max_bytes, ("role", "date"), check)
    info = table.row_info
    ratings = table.ratings.assign(
        kind=np.where(table.ratings["rater"].str.casefold().isin(SELF_RATER_NAMES), "self", "manager"),
        date=[parse_date(d) or date.today() for d in table.ratings["date"]],
    ).drop(columns="role")
    firsts = info.drop_duplicates("person")
    member_roles = dict(zip(firsts["person"], firsts["role"], strict=True))
    return TeamData(member_roles, ratings, table.blank_records)


def _role_and_date_problems(
    table: Table, person: pd.Series, source: str, roles: Mapping[str, RoleProfile]
) -> list[Problem]:
    """Unknown roles, unreadable dates and members given more than one role, each located."""
    if "role" not in table.columns:
        message = f"the header has no 'role' column (each member's target role: {', '.join(roles)})"
        return [Problem(source, message, 1, code="files.no_role_column", params={"roles": ", ".join(roles)})]
    role, when = table.cells("role"), table.cells("date")
    problems = table.located(
        source,
        ~role.isin(list(roles)),
        "role",
        lambda r: f"role '{r or '(empty)'}' is not a role id ({', '.join(roles)})",
        lambda r: "files.unknown_role" if r else "files.role_empty",
        {"roles": ", ".join(roles)},
    )
    bad_date = (when != "") & when.map(lambda d: parse_date(d) is None)
    problems += table.located(
        source, bad_date, "date", lambda d: f"date '{d[:20]}' is not a date such as 2026-10-01", "files.not_a_date"
    )
    given = role != ""
    per_person = role[given].groupby(person[given].to_numpy()).nunique()
    several = person.isin(per_person.index[per_person > 1]) & given
    last = several & ~person.where(several).duplicated(keep="last")
    problems += [
        Problem(
            source,
            f"person '{who[:60]}' has more than one role",
            int(line),
            table.columns.get("role"),
            "role",
            code="files.several_roles",
            params={"person": shown(who)},
        )
        for who, line in zip(person[last], table.lines[last.to_numpy()], strict=True)
    ]
    return problems


def parse_date(text: str) -> date | None:
    """An ISO date (2026-10-01), or None when the text is not one."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
