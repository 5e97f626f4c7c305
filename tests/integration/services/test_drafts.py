"""Scorecard drafts on a real database (SQLite and PostgreSQL): kept per (vacancy, candidate,
rater), read back without what the framework no longer knows, removed on submit or discard."""

from __future__ import annotations

from smm_eval.schemas import CandidateInput, ScorecardInput
from smm_eval.services import candidates, drafts, recruiting


def vacancy_with_candidate(db, framework, roles) -> tuple[int, int]:
    vacancy = recruiting.create_vacancy(db, "Lead", roles["smm_manager"], framework, roles)
    candidates.add_candidate(db, CandidateInput(name="Olga"), vacancy.id)
    (candidate_id,) = candidates.applications(db, vacancy.id)["candidate_id"]
    return vacancy.id, int(candidate_id)


def test_a_draft_is_kept_per_rater_and_replaced_on_each_change(database, framework, roles):
    vacancy_id, candidate_id = vacancy_with_candidate(database, framework, roles)
    first = drafts.Draft(levels={"copywriting": 3}, evidence={"copywriting": "wrote 20 posts"}, notes="calm")
    assert drafts.keep_draft(database, vacancy_id, candidate_id, "Irina", first) is not None
    assert drafts.load_draft(database, vacancy_id, candidate_id, "Pavel", framework) is None  # per rater
    second = drafts.Draft(levels={"copywriting": 0, "seo_basics": 2}, recommendation="yes")
    drafts.keep_draft(database, vacancy_id, candidate_id, "Irina", second)
    back = drafts.load_draft(database, vacancy_id, candidate_id, "Irina", framework)
    assert back is not None and back.saved_at is not None
    assert (dict(back.levels), dict(back.evidence), back.recommendation, back.notes) == (
        {"copywriting": 0, "seo_basics": 2}, {}, "yes", "",
    )  # fmt: skip
    # An empty draft (every answer taken back) removes the stored one.
    assert drafts.keep_draft(database, vacancy_id, candidate_id, "Irina", drafts.Draft()) is None
    assert drafts.load_draft(database, vacancy_id, candidate_id, "Irina", framework) is None


def test_submitting_removes_the_draft_and_discarding_says_whether_there_was_one(database, framework, roles):
    vacancy_id, candidate_id = vacancy_with_candidate(database, framework, roles)
    drafts.keep_draft(database, vacancy_id, candidate_id, "Irina", drafts.Draft(levels={"copywriting": 3}))
    card = ScorecardInput(candidate_id=candidate_id, vacancy_id=vacancy_id, rater="Irina", levels={"copywriting": 3})
    candidates.save_scorecard(database, card, framework, None)
    assert drafts.load_draft(database, vacancy_id, candidate_id, "Irina", framework) is None
    drafts.keep_draft(database, vacancy_id, candidate_id, "Irina", drafts.Draft(notes="second thoughts"))
    assert drafts.discard_draft(database, vacancy_id, candidate_id, "Irina") is True
    assert drafts.discard_draft(database, vacancy_id, candidate_id, "Irina") is False


def test_a_draft_drops_what_the_framework_no_longer_knows(framework):
    content = {
        "levels": {"copywriting": 3, "retired_skill": 2, "seo_basics": 7},
        "evidence": {"retired_skill": "old", "copywriting": "ok"},
        "qualities": ["no_such_quality"],
        "recommendation": "maybe",
        "notes": "n",
    }
    draft = drafts.Draft.from_content(content, framework)
    # seo_basics 7 is off the 0..4 scale; retired_skill is not a competency; "maybe" is no recommendation.
    assert (dict(draft.levels), dict(draft.evidence), draft.qualities, draft.recommendation) == (
        {"copywriting": 3}, {"copywriting": "ok"}, (), None,
    )  # fmt: skip
