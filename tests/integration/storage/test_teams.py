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
