"""Recruiting services: vacancies, their evaluation and ranking, and reports built on the ranking.

One function per action a recruiter takes on a vacancy (list, create, edit), and per report on it
(the evaluation behind the compare and candidates pages and the `rank` command, the rank table
with blind-mode columns hidden, market positions, self-assessment beside the interviewers). The
rules live in `smm_eval.recruiting` (pure, on frames); this module loads their inputs from the
database and hands back plain records, never ORM objects. Each function checks the actor's role
and scope first (`smm_eval.access`, `services.scope`): vacancies outside one's scope are not found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from smm_eval import storage
from smm_eval.access import Action, Actor, Role, actor_of, require
from smm_eval.agreement.records import PanelAgreement
from smm_eval.figures import round_figures
from smm_eval.framework import Framework, RoleProfile
from smm_eval.recruiting import (
    Evaluation,
    evaluate,
    vacancy_from_role,
    vacancy_profile,
)
from smm_eval.schemas import VacancySpec
from smm_eval.scoring import answers_to_ratings, score_profiles
from smm_eval.services import scope
from smm_eval.services.handle import Transactions
from smm_eval.services.market_positions import MarketPosition, market_positions
from smm_eval.storage import ConflictError, NotFoundError
from smm_eval.storage.models import Vacancy

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [  # the storage's refusals, re-exported so entry points never import the storage
    "ConflictError",
    "MarketPosition",
    "NotFoundError",
    "market_positions",
]

RANK_COLUMNS = (
    "rank", "candidate", "code", "overall", "fit", "to_rate", "p_above_next", "order", "knockouts",
    "knockouts_passed", "rwg", "raters", "confidence", "expected_salary", "expected_currency", "expected_gross_net",
    "budget", "stage",
)  # fmt: skip


class UnknownVacancyError(LookupError):
    """No vacancy has the title asked for; `titles` lists those that exist."""

    def __init__(self, title: str, titles: Sequence[str]) -> None:
        self.title, self.titles = title, tuple(titles)
        names = ", ".join(f"'{t}'" for t in titles) or "none yet"
        super().__init__(f"no vacancy titled '{title}' (vacancies: {names})")


@dataclass(frozen=True)
class VacancyRecord:
    """A stored vacancy: its id and version (for optimistic locking) and its spec."""

    id: int
    version: int
    spec: VacancySpec

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def status(self) -> str:
        return self.spec.status

    @property
    def role_id(self) -> str:
        return self.spec.role_id

    @property
    def profile(self) -> RoleProfile:
        """The vacancy as a role profile for scoring (its own weights and targets)."""
        s = self.spec
        return vacancy_profile(s.title, s.role_id, s.block_weights, s.competency_weights, s.targets)


@dataclass(frozen=True)
class VacancyInputs:
    """What an evaluation of a vacancy needs, loaded in one transaction.

    `applications`: one row per candidate (code, name, expected_salary, stage, ...), by code;
    `ratings`: tidy (person = code, rater, competency, level); `self_answers`: the latest saved
    self-assessment of each candidate that has one, by code (kept apart from the interviewers).
    """

    vacancy: VacancyRecord
    applications: pd.DataFrame
    ratings: pd.DataFrame
    self_answers: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @property
    def spec(self) -> VacancySpec:
        return self.vacancy.spec


@dataclass(frozen=True)
class RankReport:
    """The `rank` report: the table (RANK_COLUMNS, best first) and the raters' agreement."""

    table: pd.DataFrame
    agreement: PanelAgreement


def _record(vacancy: Vacancy) -> VacancyRecord:
    return VacancyRecord(id=vacancy.id, version=vacancy.version, spec=storage.spec_of(vacancy))


def list_vacancies(db: Transactions) -> list[VacancyRecord]:
    """Every vacancy the actor may reach (`services.scope.vacancy_scope`), by title.

    Raises AccessDeniedError for a role that sees no candidates (`candidates.view`).
    """
    actor = actor_of(db)
    require(actor, Action.VIEW_CANDIDATES)
    with db.transaction() as session:
        reach = scope.vacancy_scope(session, actor)
        return [_record(v) for v in storage.list_vacancies(session) if reach is None or v.id in reach]


def get_vacancy(db: Transactions, vacancy_id: int) -> VacancyRecord:
    """One vacancy; raises storage.NotFoundError when it no longer exists or is outside the
    actor's scope, AccessDeniedError for a role without `candidates.view`."""
    with scope.in_scope(db, Action.VIEW_CANDIDATES, vacancy_id=vacancy_id) as (session, _actor):
        return _record(storage.get_vacancy(session, vacancy_id))


def new_vacancy_spec(
    title: str,
    role: RoleProfile,
    *,
    budget_min: int | None = None,
    budget_max: int | None = None,
    currency: str = "RUB",
) -> VacancySpec:
    """The vacancy `create_vacancy` stores for these inputs, checked but not stored: a form checks
    every field with it when another of its fields is refused already, to show all problems at once.

    Raises pydantic.ValidationError for a bad title, budget or currency (the currency is trimmed
    and upper-cased first).
    """
    return vacancy_from_role(
        title, role, budget_min=budget_min, budget_max=budget_max, currency=currency.strip().upper()
    )


def create_vacancy(
    db: Transactions,
    title: str,
    role: RoleProfile,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    *,
    budget_min: int | None = None,
    budget_max: int | None = None,
    currency: str = "RUB",
) -> VacancyRecord:
    """Create a vacancy from a role profile's weights and targets.

    A recruiter signed in to a team workspace owns the vacancy they create (`vacancies.owner_id`);
    one created by an admin, in personal mode or from the command line is nobody's (every
    recruiter reaches it). Raises pydantic.ValidationError for a bad title, budget or currency,
    InputError for a title that exists already or an unknown role, AccessDeniedError for a role
    without `vacancies.manage`.
    """
    actor = actor_of(db)
    require(actor, Action.MANAGE_VACANCIES)
    spec = new_vacancy_spec(title, role, budget_min=budget_min, budget_max=budget_max, currency=currency)
    with db.transaction() as session:
        vacancy = storage.create_vacancy(session, spec, framework, roles)
        _claim(session, actor, vacancy.id)
        return _record(vacancy)


def _claim(session: Session, actor: Actor, vacancy_id: int) -> None:
    """Make a signed-in recruiter the owner of a vacancy they just created."""
    user = scope.rater_user_id(actor)
    if actor.role is Role.RECRUITER and user is not None:
        storage.set_owner(session, vacancy_id, user)


def block_weights_to_percent(weights: Mapping[str, float | None]) -> dict[str, float]:
    """Block weights as percentages adding up to 100 (2 decimals), as the editor shows them.

    Missing weights count as 0; all zero stays all zero (the spec's validation refuses it).

    >>> block_weights_to_percent({"a": 1, "b": 3, "c": None})
    {'a': 25.0, 'b': 75.0, 'c': 0.0}
    """
    values = {k: float(v) if v is not None and v == v else 0.0 for k, v in weights.items()}
    total = sum(values.values())
    if total <= 0:
        return values
    return {k: round(v * 100 / total, 2) for k, v in values.items()}


WEIGHT_TOTAL_TOLERANCE = 0.05  # percentage points; design choice: the editor's steps are 0.5


def weights_add_up(weights: Mapping[str, float | None]) -> bool:
    """True when block weights in percent add up to 100 (within WEIGHT_TOTAL_TOLERANCE), as the
    vacancy form requires before saving; a total elsewhere is rescaled only on request
    (`block_weights_to_percent`, previewed on the form).

    >>> weights_add_up({"a": 40, "b": 60}), weights_add_up({"a": 40, "b": 50, "c": None})
    (True, False)
    """
    total = sum(float(v) for v in weights.values() if v is not None and v == v)
    return abs(total - 100) <= WEIGHT_TOTAL_TOLERANCE


def update_vacancy(
    db: Transactions,
    vacancy: VacancyRecord,
    expected_version: int,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    **changes: object,
) -> VacancyRecord:
    """Save the editor's changes to a vacancy edited from `expected_version`.

    `changes` are VacancySpec fields; `block_weights` are rescaled to percentages adding up to 100
    and `currency` is upper-cased. Raises pydantic.ValidationError or InputError for bad values,
    storage.ConflictError when someone saved the vacancy in between, NotFoundError when it is gone
    or outside the actor's scope, AccessDeniedError for a role without `vacancies.manage`.
    """
    actor = actor_of(db)
    require(actor, Action.MANAGE_VACANCIES)
    fields = dict(changes)
    if "block_weights" in fields:
        fields["block_weights"] = block_weights_to_percent(fields["block_weights"])  # type: ignore[arg-type]
    if isinstance(fields.get("currency"), str):
        fields["currency"] = str(fields["currency"]).strip().upper()
    spec = VacancySpec.model_validate({**vacancy.spec.model_dump(), **fields})
    with db.transaction() as session:
        scope.require_vacancy(session, actor, vacancy.id)
        return _record(storage.update_vacancy(session, vacancy.id, expected_version, spec, framework, roles))


def load_vacancy(db: Transactions, vacancy_id: int, with_self: bool = False) -> VacancyInputs:
    """A vacancy's candidates, ratings and (with `with_self`) their own self-assessments: what its
    ranking, compare page and exports are built from.

    Raises AccessDeniedError for a role without `vacancies.rank` (interviewers: every rater's
    scorecards are in it), NotFoundError for a vacancy gone or outside the actor's scope.
    """
    with scope.in_scope(db, Action.VIEW_RANKING, vacancy_id=vacancy_id) as (session, _actor):
        vacancy = _record(storage.get_vacancy(session, vacancy_id))
        apps = storage.applications_frame(session, vacancy_id)
        ratings = storage.ratings_for_vacancy(session, vacancy_id)
        selfs = storage.latest_self_assessments(session, apps["candidate_id"]) if with_self else {}
        code_of = dict(zip(apps["candidate_id"], apps["code"], strict=True))
        self_answers = {str(code_of[i]): dict(r.answers) for i, r in selfs.items()}
    return VacancyInputs(vacancy, apps, ratings, self_answers)


def vacancy_data_version(db: Transactions, vacancy_id: int) -> int:
    """The vacancy's data version (`storage.versions`): a number that moves on with every change
    to its candidates, applications, stages, scorecards, self-assessments or settings. Pages key
    what they keep from `load_vacancy` on it (with who reads); one indexed read (about 0.5 ms).

    Raises AccessDeniedError for a role without `candidates.view`, NotFoundError for a vacancy
    gone. The number says nothing about the vacancy's data, so scope is checked by the reads it
    keys, not here.
    """
    require(actor_of(db), Action.VIEW_CANDIDATES)
    with db.transaction() as session:
        version = storage.vacancy_version(session, vacancy_id)
    if version is None:
        raise NotFoundError(f"vacancy {vacancy_id} not found")
    return int(version)


def evaluate_inputs(inputs: VacancyInputs, framework: Framework) -> Evaluation:
    """Score and rank the loaded candidates (see smm_eval.recruiting.evaluate)."""
    return evaluate(inputs.ratings, inputs.applications, inputs.spec, framework)


def find_vacancy_id(db: Transactions, title: str) -> int:
    """The id of the vacancy titled `title`; UnknownVacancyError naming the others the actor may
    reach otherwise (a vacancy outside one's scope is unknown)."""
    actor = actor_of(db)
    require(actor, Action.VIEW_CANDIDATES)
    with db.transaction() as session:
        reach = scope.vacancy_scope(session, actor)
        vacancy = storage.find_vacancy(session, title)
        if vacancy is None or (reach is not None and vacancy.id not in reach):
            titles = [v.title for v in storage.list_vacancies(session) if reach is None or v.id in reach]
            raise UnknownVacancyError(title, titles)
        return vacancy.id


def rank_table(evaluation: Evaluation, blind: bool = False) -> pd.DataFrame:
    """The ranking as the `rank` command writes it: RANK_COLUMNS, best first.

    Blind mode shows the candidate code in the `candidate` column instead of the name. Ranked
    candidates carry `rank` 1..k, `p_above_next` (0..1, the probability of ranking above the next,
    `recruiting.order_probability`) and `order` (settled, too_close, knockouts); those below the
    coverage gate follow with an empty rank, fit, p_above_next and order, and `to_rate` > 0 (the
    competencies still to rate to rank them). `rwg` (per candidate, 0..1) is NaN where undefined.
    Figures are rounded by `smm_eval.figures.round_figures`, as in every output.
    """
    r = evaluation.ranking
    table = pd.DataFrame(
        {
            "rank": r["rank"].array,
            "candidate": r.index.astype(str) if blind else r["name"].astype(str).to_numpy(),
            "code": r.index.astype(str),
            "overall": r["overall"].to_numpy(),
            "fit": r["fit"].to_numpy(),
            "to_rate": r["to_rate"].to_numpy(),
            "p_above_next": r["p_above_next"].to_numpy(dtype=float),
            "order": [o if isinstance(o, str) else None for o in r["order"]],
            "knockouts": [f"{p}/{t}" for p, t in zip(r["passed"], r["total"], strict=True)],
            "knockouts_passed": r["all_passed"].astype(bool).to_numpy(),
            "rwg": r["rwg"].to_numpy(),
            "raters": r["raters"].to_numpy(),
            "confidence": r["confidence"].to_numpy(),
            "expected_salary": r["expected_salary"].to_numpy(),
            "expected_currency": r["expected_currency"].to_numpy(),
            "expected_gross_net": r["expected_gross_net"].to_numpy(),
            "budget": r["budget"].to_numpy(),
            "stage": r["stage"].to_numpy(),
        },
        columns=list(RANK_COLUMNS),
    )
    return round_figures(table)


def rank_vacancy(db: Transactions, title: str, framework: Framework, blind: bool = False) -> RankReport:
    """The `rank` report of the vacancy titled `title`; UnknownVacancyError if there is none."""
    inputs = load_vacancy(db, find_vacancy_id(db, title))
    evaluation = evaluate_inputs(inputs, framework)
    return RankReport(rank_table(evaluation, blind), evaluation.agreement)


def self_versus_interviewers(
    evaluation: Evaluation,
    self_answers: Mapping[str, Mapping[str, int]],
    chosen: Sequence[str],
    framework: Framework,
) -> pd.DataFrame:
    """Block scores of the chosen candidates: the interviewers' beside the candidate's own.

    The self-assessment is scored on its own against the vacancy's profile and shown beside the
    interviewers' score, never averaged into it. Columns: code, block, interviewers, self
    (0..100); one row per (candidate with a self-assessment, block), in `chosen` order.
    """
    rows = []
    for code in chosen:
        answers = self_answers.get(code)
        if answers is None:
            continue
        own = score_profiles(answers_to_ratings(dict(answers), person=code), framework, evaluation.profile)
        for block in framework.block_ids:
            rows.append(
                {
                    "code": code,
                    "block": block,
                    "interviewers": evaluation.result.blocks.at[code, block],
                    "self": own.blocks.at[code, block],
                }
            )
    return pd.DataFrame(rows, columns=["code", "block", "interviewers", "self"])
