"""Computations the pages rerun often, cached on their inputs (not a page: the leading underscore).

A Streamlit page reruns from the top on every click. These results only change when their inputs
do, so each is kept per input (`st.cache_data` hashes the arguments; the framework and roles,
loaded once per process, are passed with a leading underscore and not hashed). Figures before and
after are in docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from smm_eval import team
from smm_eval.chart_style import localized
from smm_eval.files.csv_out import csv_bytes
from smm_eval.framework import Framework, RoleProfile
from smm_eval.recruiting import Evaluation, evaluate
from smm_eval.schemas import VacancySpec

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
