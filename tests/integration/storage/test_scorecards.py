"""Scorecards: one per rater, and an edit from an old version is refused.
The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest

from smm_eval import storage
from smm_eval.recruiting import vacancy_from_role
from smm_eval.schemas import CandidateInput, ScorecardInput


def test_concurrent_scorecard_edit_is_refused(database, framework, roles):
    with database.transaction() as session:
        vacancy = storage.create_vacancy(session, vacancy_from_role("Analyst", roles["smm_analyst"]), framework, roles)
        candidate = storage.add_candidate(session, CandidateInput(name="Ana"), vacancy.id)
        card = ScorecardInput(
            candidate_id=candidate.id, vacancy_id=vacancy.id, rater="Irina", levels={"copywriting": 2}
        )
        saved = storage.save_scorecard(session, card, framework, None)
        version = saved.version
    with pytest.raises(storage.ConflictError, match="already has a scorecard"), database.transaction() as session:
        storage.save_scorecard(session, card, framework, None)
    with database.transaction() as session:
        storage.save_scorecard(session, card.model_copy(update={"levels": {"copywriting": 3}}), framework, version)
    with pytest.raises(storage.ConflictError), database.transaction() as session:
        storage.save_scorecard(session, card.model_copy(update={"levels": {"copywriting": 4}}), framework, version)
    with database.transaction() as session:
        items = storage.scorecards_frame(session, vacancy.id)
        assert items["level"].tolist() == [3]
        assert items["version"].tolist() == [2]
