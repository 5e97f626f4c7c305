"""Computations the pages rerun often, cached on their inputs (not a page: the leading underscore).

A Streamlit page reruns from the top on every click. These results only change when their inputs
do, so each is kept per input. Reads of a vacancy or a team are keyed on small values: the
workspace, who reads (user id, name, role, kind: an interviewer and a recruiter see different
candidates), the vacancy or team id and its data version (`storage.versions`, moved on by every
change in the change's transaction), plus blind mode or the view where the result depends on
them. A rerun with nothing changed then costs one version read (about 0.5 ms), never a scorecard
read nor the hashing of a DataFrame. The database handle, the framework and roles are passed with
a leading underscore and not hashed. Erasure clears every cache (pages/_lifecycle_sections.py).
Figures before and after are in docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, NamedTuple

import altair as alt
import pandas as pd
import streamlit as st

from smm_eval import team
from smm_eval.chart_style import localized
from smm_eval.files.csv_out import csv_bytes
from smm_eval.framework import Framework, RoleProfile
from smm_eval.recruiting import Evaluation, evaluate
from smm_eval.schemas import VacancySpec
from smm_eval.services.candidates import ScorecardContext, applications, candidate_exports, scorecard_context
from smm_eval.services.handle import Transactions
from smm_eval.services.recruiting import VacancyInputs, load_vacancy, vacancy_data_version
from smm_eval.services.teams import TeamOverview, TeamRecord, load_team, team_data_version, team_export, team_overview

CACHE = {"max_entries": 64, "show_spinner": False}


@st.cache_data(**CACHE)
def _chart_spec(
    name: str, lang: str, args: tuple, kwargs: dict[str, Any], _builder: Callable[..., alt.TopLevelMixin]
) -> dict[str, Any]:
    # Built by our own code and validated against the Vega-Lite schema in tests/unit/test_charts.py.
    # Keyed by the builder's qualified name (`name`), the language and the arguments; the function
    # is not hashed. The language's number and date locale goes into the spec (chart_style.localized).
    return localized(_builder(*args, **kwargs).to_dict(validate=False), lang)


def draw(builder: Callable[..., alt.TopLevelMixin], *args: Any, width: str = "content", **kwargs: Any) -> None:
    """Draw the chart that builder(*args, **kwargs) builds (a smm_eval.charts function), from the cache,
    with the numbers and dates of the page's language."""
    name = f"{builder.__module__}.{builder.__qualname__}"
    lang = st.session_state.get("lang") or "en"
    st.vega_lite_chart(_chart_spec(name, lang, args, kwargs, builder), width=width)


# What a stage change alters in a vacancy's applications. Scores, ranking order and agreement do not
# depend on it, and evaluating again took about 0.5 s (the panel agreement's 1,000 resamples) on
# each of the two runs of a stage save (docs/performance.md, "Clicks").
STAGE_COLUMNS = ["stage", "application_version"]


def evaluation(ratings: pd.DataFrame, apps: pd.DataFrame, spec: VacancySpec, fw: Framework) -> Evaluation:
    """`recruiting.evaluate` of a vacancy, kept across stage changes.

    Parameters
    ----------
    ratings, apps, spec, fw
        As `smm_eval.recruiting.evaluate` takes them (`apps` with `code` and `stage`).

    Returns
    -------
    Evaluation
        The cached evaluation of the applications without their stage, with the ranking's `stage`
        column taken from `apps` (design choice: the one column a stage change alters).
    """
    kept = _evaluation(ratings, apps.drop(columns=STAGE_COLUMNS, errors="ignore").assign(stage=None), spec, fw)
    stages = apps.set_index("code")["stage"].reindex(kept.ranking.index).to_numpy()
    return replace(kept, ranking=kept.ranking.assign(stage=stages))


@st.cache_data(**CACHE)
def _evaluation(ratings: pd.DataFrame, apps: pd.DataFrame, spec: VacancySpec, _fw: Framework) -> Evaluation:
    return evaluate(ratings, apps, spec, _fw)


@st.cache_data(**CACHE)
def team_views(
    matrix: pd.DataFrame,
    ratings: pd.DataFrame,
    members: Mapping[str, str],
    _fw: Framework,
    _roles: Mapping[str, RoleProfile],
) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """The team's profile and target, and everyone's progress over dates."""
    scores, target = team.team_profile(matrix, members, _fw, _roles)
    return scores, target, team.progress(ratings, members, _fw, _roles)


def plan(
    matrix: pd.DataFrame,
    weights: pd.DataFrame,
    targets: pd.DataFrame,
    catalogue: pd.DataFrame,
    budget: float,
    hours: float | None,
) -> team.Plan:
    # The catalogue's gains are dicts, which Streamlit cannot hash: its JSON text is the key.
    return _plan(matrix, weights, targets, catalogue, catalogue.to_json(), budget, hours)


@st.cache_data(**CACHE)
def _plan(
    matrix: pd.DataFrame,
    weights: pd.DataFrame,
    targets: pd.DataFrame,
    _catalogue: pd.DataFrame,
    catalogue_key: str,
    budget: float,
    hours: float | None,
) -> team.Plan:
    return team.plan_training(matrix, weights, targets, _catalogue, budget, hours)


@st.cache_data(**CACHE)
def csv(frame: pd.DataFrame) -> bytes:
    """A download's formula-safe CSV (UTF-8 with a byte-order mark), written again only when its table changes."""
    return csv_bytes(frame)


Reader = tuple[str, int | None, str, str, str]
"""Who reads, as a cache key: (workspace URL, user id, name, role, kind)."""


def _reader(db: Transactions) -> Reader:
    actor = db.actor  # type: ignore[attr-defined]
    role = actor.role.value if actor.role is not None else ""
    return (str(getattr(db, "url", "")), actor.user_id, actor.name, role, actor.kind)


class VacancyView(NamedTuple):
    """What the vacancy pages show, read at one data version."""

    version: int
    inputs: VacancyInputs
    evaluation: Evaluation | None  # None when the vacancy has no candidates


def vacancy_view(db: Transactions, vacancy_id: int, fw: Framework, with_self: bool = False) -> VacancyView:
    """A vacancy's inputs (`services.recruiting.load_vacancy`) and their evaluation (`evaluation`),
    read and computed again only when its data version moved: a rerun with nothing changed reads
    one number, neither the scorecards nor a hash of the ratings.

    Raises as `load_vacancy` (AccessDeniedError, NotFoundError).
    """
    version = vacancy_data_version(db, vacancy_id)
    return _vacancy_view(_reader(db), vacancy_id, version, with_self, db, fw)


@st.cache_data(**CACHE)
def _vacancy_view(
    reader: Reader, vacancy_id: int, version: int, with_self: bool, _db: Transactions, _fw: Framework
) -> VacancyView:
    inputs = load_vacancy(_db, vacancy_id, with_self)
    # After a stage change (a new version) the content-keyed `evaluation` still skips the scoring.
    if inputs.applications.empty:
        return VacancyView(version, inputs, None)
    return VacancyView(version, inputs, evaluation(inputs.ratings, inputs.applications, inputs.spec, _fw))


def export_files(db: Transactions, vacancy_id: int, view: VacancyView, blind: bool) -> tuple[bytes, bytes, bytes]:
    """The candidates page's three CSV exports (`services.candidates.candidate_exports`: candidates,
    scorecards, profiles) as bytes, written again only when the vacancy's data version moved."""
    return _export_files(_reader(db), vacancy_id, view.version, blind, db, view)


@st.cache_data(**CACHE)
def _export_files(
    reader: Reader, vacancy_id: int, version: int, blind: bool, _db: Transactions, _view: VacancyView
) -> tuple[bytes, bytes, bytes]:
    if _view.evaluation is None:  # no candidates: the page shows no exports
        raise ValueError("no candidates to export")
    exports = candidate_exports(_db, vacancy_id, _view.inputs.applications, _view.evaluation, blind)
    return csv_bytes(exports.candidates), csv_bytes(exports.scorecards), csv_bytes(exports.profiles)


def vacancy_applications(db: Transactions, vacancy_id: int) -> tuple[int, pd.DataFrame]:
    """The vacancy's data version and `services.candidates.applications` (the candidates the reader
    may reach), read again only when the version moved (assignments move it too)."""
    version = vacancy_data_version(db, vacancy_id)
    return version, _applications(_reader(db), vacancy_id, version, db)


@st.cache_data(**CACHE)
def _applications(reader: Reader, vacancy_id: int, version: int, _db: Transactions) -> pd.DataFrame:
    return applications(_db, vacancy_id)


def scorecard_view(db: Transactions, vacancy_id: int, version: int, candidate_id: int, rater: str) -> ScorecardContext:
    """`services.candidates.scorecard_context` at the vacancy's data `version` (a submitted
    scorecard moves it), read again only when it moved or for another candidate or rater."""
    return _scorecard_view(_reader(db), vacancy_id, version, candidate_id, rater, db)


@st.cache_data(**CACHE)
def _scorecard_view(
    reader: Reader, vacancy_id: int, version: int, candidate_id: int, rater: str, _db: Transactions
) -> ScorecardContext:
    return scorecard_context(_db, vacancy_id, candidate_id, rater)


def team_record(db: Transactions, team_id: int) -> tuple[int, TeamRecord]:
    """The team's data version and `services.teams.load_team`, read again only when the version
    moved. Raises as `load_team` (AccessDeniedError, NotFoundError)."""
    version = team_data_version(db, team_id)
    return version, _team_record(_reader(db), team_id, version, db)


@st.cache_data(**CACHE)
def _team_record(reader: Reader, team_id: int, version: int, _db: Transactions) -> TeamRecord:
    return load_team(_db, team_id)


def team_file(db: Transactions, record: TeamRecord, version: int, fw: Framework) -> bytes:
    """The team's export (`services.teams.team_export`) as CSV bytes, kept per data version."""
    return _team_file(_reader(db), record.id, version, record, fw)


@st.cache_data(**CACHE)
def _team_file(reader: Reader, team_id: int, version: int, _record: TeamRecord, _fw: Framework) -> bytes:
    return csv_bytes(team_export(_record, _fw))


def team_page(
    db: Transactions,
    record: TeamRecord,
    version: int,
    view: str,
    fw: Framework,
    roles: Mapping[str, RoleProfile],
) -> tuple[TeamOverview, pd.Series, pd.Series, pd.DataFrame]:
    """The team page's overview in `view` (`services.teams.team_overview`) with the team's profile,
    target and progress (as `team_views`), kept per data version and view."""
    return _team_page(_reader(db), record.id, version, view, record, fw, roles)


@st.cache_data(**CACHE)
def _team_page(
    reader: Reader,
    team_id: int,
    version: int,
    view: str,
    _record: TeamRecord,
    _fw: Framework,
    _roles: Mapping[str, RoleProfile],
) -> tuple[TeamOverview, pd.Series, pd.Series, pd.DataFrame]:
    overview = team_overview(_record, view, _fw)
    scores, target = team.team_profile(overview.matrix, _record.members, _fw, _roles)
    return overview, scores, target, team.progress(overview.visible, _record.members, _fw, _roles)
