"""Reading a team file: the wide ratings CSV with each member's target `role` and a rating `date`.

A rating is a self-rating when its rater is named like `self` (`smm_eval.vocabulary`), otherwise a
manager's. The date column is optional; a missing date means today.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.files.tables import MAX_FILE_BYTES
from smm_eval.framework import Framework, RoleProfile
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
        The problems of `read_wide_ratings`, then unknown roles, unreadable dates and members
        given more than one role.
    """
    table = read_wide_ratings(data, source, framework.competency_ids, max_bytes, ("role", "date"))
    info = table.row_info
    problems = []
    header_has_role = (info["role"] != "").any()
    for role, when, line in zip(info["role"], info["date"], info["line"].tolist(), strict=True):
        if role not in roles:
            shown = role or "(empty)"
            message = f"role '{shown}' is not a role id ({', '.join(roles)})"
            problems.append(Problem(source, message, line, None, "role"))
        if when and parse_date(when) is None:
            message = f"date '{when[:20]}' is not a date such as 2026-10-01"
            problems.append(Problem(source, message, line, None, "date"))
    if header_has_role:
        per_person = info.loc[info["role"] != ""].groupby("person")["role"].nunique()
        for person in per_person.index[per_person > 1]:
            line = int(info.loc[info["person"] == person, "line"].iloc[-1])
            problems.append(Problem(source, f"person '{person[:60]}' has more than one role", line, None, "role"))
    if problems:
        raise InputError(problems)
    ratings = table.ratings.assign(
        kind=np.where(table.ratings["rater"].str.casefold().isin(SELF_RATER_NAMES), "self", "manager"),
        date=[parse_date(d) or date.today() for d in table.ratings["date"]],
    ).drop(columns="role")
    firsts = info.drop_duplicates("person")
    member_roles = dict(zip(firsts["person"], firsts["role"], strict=True))
    return TeamData(member_roles, ratings)


def parse_date(text: str) -> date | None:
    """An ISO date (2026-10-01), or None when the text is not one."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
