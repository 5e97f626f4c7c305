"""Reading a team: members with their target roles, and their dated self and manager ratings.

Owns `read_team`, the team file's reader (the wide ratings CSV with a `role` column and an
optional `date` column), and `TeamData`, what it returns. Every problem names the line and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.framework import Framework, RoleProfile
from smm_eval.ratings import MAX_FILE_BYTES, RatingsTable, read_wide_ratings
from smm_eval.vocabulary import SELF_RATER_NAMES


@dataclass(frozen=True)
class TeamData:
    """Members with their target role, and their ratings (self or manager) with dates."""

    roles: dict[str, str]  # member -> role id
    ratings: pd.DataFrame  # person, rater, kind ('self'/'manager'), date, competency, level


def read_team(
    data: bytes,
    source: str,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    max_bytes: int | None = MAX_FILE_BYTES,
) -> TeamData:
    """A team from the wide ratings CSV with a `role` column (and an optional `date` column)."""
    table: RatingsTable = read_wide_ratings(data, source, framework.competency_ids, max_bytes, ("role", "date"))
    info = table.row_info
    if info is None:  # cannot happen: read_wide_ratings gives one row per record when asked for extra columns
        raise RuntimeError("read_wide_ratings returned no row information")
    problems = []
    header_has_role = (info["role"] != "").any()
    row_role: str
    row_date: str
    line: int
    for row_role, row_date, line in zip(
        info["role"].tolist(), info["date"].tolist(), info["line"].tolist(), strict=True
    ):
        if row_role not in roles:
            shown = row_role or "(empty)"
            problems.append(
                Problem(source, f"role '{shown}' is not a role id ({', '.join(roles)})", line, None, "role")
            )
        if row_date and _parse_date(row_date) is None:
            problems.append(
                Problem(source, f"date '{row_date[:20]}' is not a date such as 2026-10-01", line, None, "date")
            )
    if header_has_role:
        per_person = info.loc[info["role"] != ""].groupby("person")["role"].nunique()
        for person in per_person.index[per_person > 1]:
            line = int(info.loc[info["person"] == person, "line"].iloc[-1])
            problems.append(Problem(source, f"person '{person[:60]}' has more than one role", line, None, "role"))
    if problems:
        raise InputError(problems)
    ratings = table.ratings.assign(
        kind=np.where(table.ratings["rater"].str.casefold().isin(SELF_RATER_NAMES), "self", "manager"),
        date=[_parse_date(d) or date.today() for d in table.ratings["date"]],
    ).drop(columns="role")
    member_roles = {str(k): str(v) for k, v in info.drop_duplicates("person").set_index("person")["role"].items()}
    return TeamData(member_roles, ratings)


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
