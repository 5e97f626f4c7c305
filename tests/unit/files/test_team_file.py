"""The team file: roles, dates and every problem of a member's rows."""

from __future__ import annotations

from datetime import date

import pytest

from smm_eval.errors import InputError
from smm_eval.files.team_file import read_team


def test_team_file_errors(framework, roles):
    header = "person,rater,role,date,copywriting\n"
    for body, fragment in [
        ("ana,self,astronaut,2026-01-01,2\n", "role 'astronaut' is not a role id"),
        ("ana,self,smm_editor,yesterday,2\n", "date 'yesterday'"),
        ("ana,self,smm_editor,,2\nana,lead,smm_analyst,,3\n", "has more than one role"),
        ("ana,self,smm_editor,2026-01-01,2\nana,self,smm_editor,2026-01-01,3\n", "already appears on line 2"),
    ]:
        with pytest.raises(InputError, match=fragment):
            read_team((header + body).encode(), "team.csv", framework, roles)
    ok = read_team(
        (header + "ana,self,smm_editor,2026-01-01,2\nana,self,smm_editor,2026-06-01,3\n").encode(),
        "team.csv",
        framework,
        roles,
    )
    assert ok.roles == {"ana": "smm_editor"} and sorted(ok.ratings["date"]) == [date(2026, 1, 1), date(2026, 6, 1)]


def test_a_team_file_without_a_role_column_is_refused_with_its_other_problems(framework, roles):
    with pytest.raises(InputError) as err:
        read_team(b"person,rater,date,copywriting\nAna,self,2026-03-01,7\n", "team.csv", framework, roles)
    # Header and cells in one pass: the missing column and the level on line 2.
    assert [(p.line, p.column, p.message[:40]) for p in err.value.problems] == [
        (1, None, "the header has no 'role' column (each me"),
        (2, 4, "level '7' is outside 0..4"),
    ]
