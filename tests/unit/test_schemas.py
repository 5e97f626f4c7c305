"""Input schemas (smm_eval.schemas) against the vocabulary and the framework."""

from __future__ import annotations

from typing import get_args

from smm_eval.i18n import Messages
from smm_eval.schemas import ScorecardInput, VacancySpec
from smm_eval.vocabulary import VACANCY_STATUSES


def test_vacancy_statuses_are_the_vocabulary():
    assert get_args(VacancySpec.model_fields["status"].annotation) == VACANCY_STATUSES


def test_scorecard_names_only_the_unknown_qualities_and_red_flags(framework):
    known_quality = framework.personal_qualities[0].id
    known_flag = framework.red_flags[0].id
    card = ScorecardInput(
        candidate_id=1,
        vacancy_id=1,
        rater="Marta",
        levels={"copywriting": 3},
        qualities=[known_quality, "telepathy"],
        red_flags=[known_flag, "late_once"],
    )
    assert [(p.message, p.code, dict(p.params)) for p in card.problems(framework)] == [
        ("unknown personal qualities ['telepathy']", "scorecard.unknown_qualities", {"ids": "telepathy"}),
        ("unknown red flags ['late_once']", "scorecard.unknown_red_flags", {"ids": "late_once"}),
    ]
    # In Spanish, from the catalogue.
    assert Messages("es").problem(card.problems(framework)[1]) == "señales de alarma desconocidas: late_once"


def test_scorecard_with_known_qualities_and_flags_has_no_problems(framework):
    card = ScorecardInput(
        candidate_id=1,
        vacancy_id=1,
        rater="Marta",
        levels={"copywriting": 3},
        qualities=[q.id for q in framework.personal_qualities],
        red_flags=[f.id for f in framework.red_flags],
    )
    assert card.problems(framework) == []


def test_a_scorecard_signed_as_the_candidates_self_is_refused(framework):
    for rater in ("Self", " self ", "Self-assessment", "Autoevaluación"):
        card = ScorecardInput(candidate_id=1, vacancy_id=1, rater=rater, levels={"copywriting": 4})
        [problem] = card.problems(framework)
        assert problem.source == f"scorecard of {rater.strip()}" and problem.code == "scorecard.self_rater"
        assert problem.message.startswith(f"rater '{rater.strip()}' means the candidate's own self-assessment")
        assert Messages("es").problem(problem).startswith(f"«{rater.strip()}» designa la autoevaluación")
    interviewer = ScorecardInput(candidate_id=1, vacancy_id=1, rater="Selma", levels={"copywriting": 4})
    assert interviewer.problems(framework) == []
