"""The self-assessment's results, pay outlook and downloads, cached on small values (not a page).

My results reruns from the top on every click (a target role chosen, a download, an expander
opened) although the answers rarely change between two runs. Scoring the answers, the pay outlook
and the two downloads took about 60 of the page's 130 ms at the median on a quiet 2-core machine
(docs/performance.md, "Pages"). Each is kept here per (answers, role, ...) as a tuple of pairs:
hashing 25 pairs costs microseconds, where hashing the report's DataFrames cost milliseconds. The
framework, the roles and the estimator are passed with a leading underscore and not hashed; the
estimator is named in the key by the workspace and the chosen salary dataset
(`pages._ui.salary_estimator`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from smm_eval.assessment import SalaryOutlook, salary_outlook
from smm_eval.files.csv_out import csv_bytes
from smm_eval.framework import Framework, RoleProfile
from smm_eval.salary import SalaryEstimate, SalaryQuery
from smm_eval.services.assessment import SelfResults, downloads, self_results

CACHE = {"max_entries": 64, "show_spinner": False}

Answers = tuple[tuple[str, int | None], ...]


def answers_key(answers: Mapping[str, int | None] | None) -> Answers | None:
    """The answers as a hashable cache key: (competency id, level or None) pairs sorted by id.

    >>> answers_key({"m2": 3, "m1": None})
    (('m1', None), ('m2', 3))
    >>> answers_key(None) is None
    True
    """
    return None if answers is None else tuple(sorted(answers.items()))


def results(
    answers: Mapping[str, int | None],
    role_id: str | None,
    earlier: Mapping[str, int] | None,
    fw: Framework,
    roles: Mapping[str, RoleProfile],
) -> SelfResults:
    """`services.assessment.self_results`, computed again only for other answers, role or earlier
    attempt. Raises as `self_results` (ValueError without answers)."""
    return _results(answers_key(answers), role_id, answers_key(earlier), fw, roles)


@st.cache_data(**CACHE)
def _results(
    answers: Answers, role_id: str | None, earlier: Answers | None, _fw: Framework, _roles: Mapping[str, RoleProfile]
) -> SelfResults:
    return self_results(dict(answers), role_id, _fw, _roles, dict(earlier) if earlier else None)  # type: ignore[arg-type]


def outlook(
    answers: Mapping[str, int | None],
    role: RoleProfile,
    query: SalaryQuery,
    estimator: tuple[str, str],
    estimate: Callable[[SalaryQuery], SalaryEstimate],
    fw: Framework,
) -> SalaryOutlook:
    """`assessment.salary_outlook` of the answers for `role` in the market, region and work format
    of `query`, kept per answers, role, query and `estimator` (workspace URL, dataset id): the
    estimate function `estimate` is the one that key names. Raises as `salary_outlook`."""
    return _outlook(answers_key(answers), role.id, query, estimator, role, estimate, fw)


@st.cache_data(**CACHE)
def _outlook(
    answers: Answers | None,
    role_id: str,
    query: SalaryQuery,
    estimator: tuple[str, str],
    _role: RoleProfile,
    _estimate: Callable[[SalaryQuery], SalaryEstimate],
    _fw: Framework,
) -> SalaryOutlook:
    return salary_outlook(dict(answers or ()), _role, _fw, _estimate, query)


def download_files(
    answers: Mapping[str, int | None],
    saved_role: str | None,
    role_id: str | None,
    fw: Framework,
    roles: Mapping[str, RoleProfile],
    lang: str,
) -> tuple[str, bytes]:
    """The results page's two downloads (`services.assessment.downloads`): the saved JSON text (with
    `saved_role`, the role the person chose, None for "not sure") and the results table as
    formula-safe CSV bytes in `lang`, for the report of `role_id` (the role in use)."""
    return _download_files(answers_key(answers), saved_role, role_id, lang, fw, roles)


@st.cache_data(**CACHE)
def _download_files(
    answers: Answers,
    saved_role: str | None,
    role_id: str | None,
    lang: str,
    _fw: Framework,
    _roles: Mapping[str, RoleProfile],
) -> tuple[str, bytes]:
    report = _results(answers, role_id, None, _fw, _roles).report
    files = downloads(dict(answers), saved_role, report, _fw, lang)
    return files.saved_json, csv_bytes(files.table)
