"""Teams: members with roles and dated ratings; importing the same ratings again is refused.
The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest

from smm_eval import storage
from smm_eval.errors import InputError

from ._samples import SAMPLES


def test_team_import_keeps_members_roles_and_dated_ratings(database, framework, roles):
    from smm_eval.files.team_file import read_team

    data = read_team((SAMPLES / "team.csv").read_bytes(), "team.csv", framework, roles)
    with database.transaction() as session:
        team_row = storage.import_team(session, "Content team", data.roles, data.ratings)
        team_id = team_row.id
    with database.transaction() as session:
        members, ratings = storage.team_data(session, team_id)
        before = storage.checksum(session)
    assert members == {
        "Anna": "smm_manager",
        "Boris": "smm_analyst",
        "Carmen": "smm_editor",
        "Dmitri": "ads_specialist",
    }
    assert len(ratings) == 250 and set(ratings["kind"]) == {"self", "manager"}
    assert ratings.loc[ratings["person"] == "Anna", "date"].nunique() == 2
    with pytest.raises(InputError, match="exist already"), database.transaction() as session:
        storage.import_team(session, "Content team", data.roles, data.ratings)
    with database.transaction() as session:
        assert storage.checksum(session) == before


def test_a_later_file_writing_a_member_otherwise_is_the_same_member(database, framework, roles):
    from smm_eval.files.team_file import read_team

    first = read_team(b"person,rater,role,date,copywriting\nAnna Lee,lead,smm_manager,2026-03-01,2\n", "a.csv",
                      framework, roles)  # fmt: skip
    later = read_team(b"person,rater,role,date,copywriting\nanna\xc2\xa0LEE,lead,smm_manager,2026-09-01,3\n", "b.csv",
                      framework, roles)  # fmt: skip
    with database.transaction() as session:
        team_id = storage.import_team(session, "T", first.roles, first.ratings).id
        storage.import_team(session, "T", later.roles, later.ratings)
    with database.transaction() as session:
        members, ratings = storage.team_data(session, team_id)
    # "anna\u00a0LEE" is Anna Lee (NFKC, spaces, case): one member with two dated ratings, not two members.
    assert members == {"Anna Lee": "smm_manager"}
    assert sorted(ratings["level"].tolist()) == [2, 3]
