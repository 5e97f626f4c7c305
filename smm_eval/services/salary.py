"""Salary services: estimates from the chosen market data, and the user's own salary datasets.

The salary page and the shared estimator of the pages (results, compare) call these. A dataset is
a set of uploaded observations (a CSV, or an hh.ru vacancies JSON) kept with the quantile model
fitted on them, stored as JSON and never unpickled; a file is fitted once (found again by its
SHA-256). The services hand back plain records and fitted models, never ORM objects, and each user
action is one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import pandas as pd

from smm_eval import storage
from smm_eval.errors import InputError, Problem
from smm_eval.files.hh_vacancies import read_hh_vacancies
from smm_eval.files.observations import OBSERVATION_COLUMNS, read_observations, salary_points
from smm_eval.files.tables import BLANK_RECORDS, MAX_FILE_BYTES, read_fixed_columns
from smm_eval.framework import load_roles
from smm_eval.salary import (
    DEFAULT_MARKET,
    HeldOutMetrics,
    QuantileSalaryModel,
    SalaryData,
    SalaryEstimate,
    SalaryQuery,
    baseline_estimate,
    fit_salary_model,
    load_market,
)
from smm_eval.salary.market import market_for_currency
from smm_eval.salary.observed import period_problem, to_market_period
from smm_eval.salary.plausible import implausible_observations
from smm_eval.services.handle import Transactions


@dataclass(frozen=True)
class SalaryDatasetRecord:
    """A stored salary dataset as the salary page lists it.

    `rows` observations in `currency`, stored at `created_at` (UTC); `metrics` is the model's
    held-out evaluation (None for a dataset too small to hold rows out); `version` the one a rename
    or delete made from this listing names (optimistic locking).
    """

    id: int
    name: str
    rows: int
    currency: str
    created_at: datetime
    metrics: HeldOutMetrics | None
    version: int = 1


def list_datasets(db: Transactions) -> list[SalaryDatasetRecord]:
    """Every stored salary dataset, newest first."""
    with db.transaction() as session:
        return [
            SalaryDatasetRecord(
                id=d.id,
                name=d.name,
                rows=d.rows,
                currency=d.currency,
                created_at=d.created_at,
                metrics=HeldOutMetrics.from_json(d.metrics) if d.metrics else None,
                version=d.version,
            )
            for d in storage.list_salary_datasets(session)
        ]


def newest_dataset_id(db: Transactions, currency: str | None = None) -> int | None:
    """The id of the most recently stored salary dataset (in `currency` when given), None when there is none.

    A listing helper only: the newest dataset is never a default (`services.salary_data`)."""
    datasets = [d for d in list_datasets(db) if currency is None or d.currency == currency]
    return datasets[0].id if datasets else None


def _refit_stored(
    session: Any, dataset_id: int, roles: tuple[str, ...], market: SalaryData | None
) -> QuantileSalaryModel:
    """Refit a dataset's model from its stored observations and store it (older workspaces).

    The stored amounts are already per the market's period; the market is the one of their
    currency unless given.
    """
    observations = storage.salary_observations(session, dataset_id)
    observations = observations[observations["role"].isin(roles)].reset_index(drop=True)  # roles since removed
    observations["salary"] = salary_points(observations["salary_from"], observations["salary_to"])
    if market is None or market.currency != str(observations["currency"].iloc[0]):
        market = load_market(market_for_currency(str(observations["currency"].iloc[0])) or DEFAULT_MARKET)
    model = fit_salary_model(observations, roles, market)
    storage.store_model(session, dataset_id, model)
    return model


def load_salary_model(
    db: Transactions, dataset_id: int, roles: tuple[str, ...] | None = None, market: SalaryData | None = None
) -> QuantileSalaryModel:
    """The model fitted on a stored dataset, read from its JSON; nothing is unpickled.

    A dataset without a valid model document (a workspace from before schema revision 0006,
    whose pickled model was dropped unread, or a restored backup) is refitted from its stored
    observations and the new document stored, in the same transaction.

    Parameters
    ----------
    roles, market
        The role ids and market data a refit needs; data/roles.yaml and the market of the stored
        observations' currency by default.

    Raises
    ------
    storage.NotFoundError
        The dataset was deleted meanwhile (a LookupError).
    """
    with db.transaction() as session:
        document = storage.stored_model(session, dataset_id)
        if document is not None:
            try:
                return QuantileSalaryModel.from_json(document, f"salary dataset {dataset_id}")
            except InputError:
                pass  # a document of another schema: refitted below
        roles = roles if roles is not None else tuple(load_roles())
        return _refit_stored(session, dataset_id, roles, market)


@dataclass(frozen=True)
class ObservationsFile:
    """Observations read from an upload: the frame, and for an hh.ru file the items left out by reason."""

    observations: pd.DataFrame
    dropped: dict[str, int] | None
    blank_records: int = 0  # blank records of a CSV skipped (`files.tables.Table.blank_records`)


def read_salary_file(
    data: bytes,
    source: str,
    roles: tuple[str, ...],
    market: SalaryData,
    max_bytes: int | None = MAX_FILE_BYTES,
    today: date | None = None,
) -> ObservationsFile:
    """An observations file read for one market, its amounts per the market's pay period.

    A CSV (regions of `market`; optional `period` and `gross_net` columns) or an hh.ru vacancies
    JSON (a name ending in .json, or bytes starting with "{"; items in another currency than the
    market's are dropped and counted). The file's currency must be the market's; amounts stated
    per year in a monthly market (or per month in a yearly one) are converted; amounts whose
    period is not stated but that look like the other period are refused (`observed.period_problem`).

    `today` (default: the clock's date) is the last acceptable observation date.

    Raises
    ------
    InputError
        Every problem of the file, located; observations in another currency than the market's;
        dates after `today` and absurd amounts (`salary.plausible`); amounts that look like the
        other pay period.
    """
    if source.lower().endswith(".json") or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        imported = read_hh_vacancies(data, source, roles, market.currency, max_bytes)
        read = ObservationsFile(imported.observations, imported.dropped)
    else:
        try:
            read = ObservationsFile(read_observations(data, source, roles, max_bytes, tuple(market.regions)), None)
        except InputError as exc:  # a file of another market: say that, not one problem per region cell
            first = _first_currency(data, source, max_bytes)
            if first is None or first[0] == market.currency:
                raise
            raise _currency_problem(first[0], market, source, first[1]) from exc
    frame = read.observations
    if len(frame) and str(frame["currency"].iloc[0]) != market.currency:
        line = int(frame["line"].iloc[0]) if "line" in frame else None
        raise _currency_problem(str(frame["currency"].iloc[0]), market, source, line)
    converted = to_market_period(frame, market)
    if implausible := implausible_observations(converted, market, source, today or date.today()):
        raise InputError(implausible)
    if len(frame) and (period := period_problem(frame, market, source)) is not None:
        raise InputError([period])
    return ObservationsFile(converted, read.dropped, int(frame.attrs.get(BLANK_RECORDS, 0)))


def _first_currency(data: bytes, source: str, max_bytes: int | None) -> tuple[str, int] | None:
    """The currency cell of an observations CSV's first record and its line, None when there is none."""
    try:
        table = read_fixed_columns(data, source, OBSERVATION_COLUMNS, OBSERVATION_COLUMNS, "observations", max_bytes)
    except InputError:
        return None
    cells = table.cells("currency")
    return (str(cells.iloc[0]), int(table.lines[0])) if len(cells) and cells.iloc[0] else None


def _currency_problem(currency: str, market: SalaryData, source: str, line: int | None) -> InputError:
    """Observations in another currency than the market's: one located problem naming both."""
    message = (
        f"the observations are in {currency}, but the {market.id} market is in {market.currency}; "
        f"choose the market of {currency}"
    )
    params = {"currency": currency, "market": market.id, "market_currency": market.currency}
    return InputError(
        [Problem(source, message, line, column_name="currency", code="salary.currency_market", params=params)]
    )


@dataclass(frozen=True)
class FitSummary:
    """A dataset fitted (or found already fitted) from a file.

    `reused` is True when a dataset from the same file (same SHA-256) was already stored and its
    model was used without fitting; `dropped` counts the hh.ru items left out (None for a CSV).
    """

    dataset_id: int
    rows: int
    reused: bool
    fitted_at: datetime
    fit_seconds: float
    dropped: dict[str, int] | None
    blank_records: int = 0  # blank records of a CSV skipped (`files.tables.Table.blank_records`)


def fit_dataset(
    db: Transactions,
    data: bytes,
    source: str,
    name: str,
    roles: tuple[str, ...],
    market: SalaryData,
    progress: Callable[[float], None] | None = None,
    max_bytes: int | None = MAX_FILE_BYTES,
) -> FitSummary:
    """Read an observations file, fit the quantile model once and store both.

    The same file (same SHA-256 digest) uploaded again is not refitted: the stored dataset and
    its model are reused.

    Parameters
    ----------
    data, source
        The uploaded file's bytes and its name (for messages): a CSV or an hh.ru JSON.
    name
        The dataset's name in the list; blank means the file's name.
    roles
        The role ids an observation may name.
    market
        The market data whose baseline the model is evaluated against (its currency is the one
        hh.ru items must be quoted in).
    progress
        Called with the fitted share, 0..1.
    max_bytes
        Largest accepted file; None for no limit (the command line).

    Raises
    ------
    InputError
        Every problem of the file, with its line and column; nothing is stored.
    AccessDeniedError
        A role without `salary_data.manage` (a stored dataset is shared by the workspace).
    """
    from smm_eval.access import Action, actor_of, require

    require(actor_of(db), Action.MANAGE_SALARY_DATA)
    digest = hashlib.sha256(data).hexdigest()
    with db.transaction() as session:
        known = storage.dataset_by_digest(session, digest)
    if known is not None:
        model = load_salary_model(db, known, roles, market)
        return FitSummary(known, model.n_, True, model.fitted_at_, model.fit_seconds_, None)
    read = read_salary_file(data, source, roles, market, max_bytes)
    try:
        model = fit_salary_model(read.observations, roles, market, progress=progress)
    except InputError as exc:  # too few observations: name the file, and the items left out
        left_out = ", ".join(f"{reason} {n}" for reason, n in (read.dropped or {}).items() if n)
        suffix = f" (vacancies left out: {left_out})" if left_out else ""
        raise InputError([replace(p, source=source, message=p.message + suffix) for p in exc.problems]) from exc
    with db.transaction() as session:
        dataset = storage.save_salary_dataset(session, name.strip() or source, read.observations, model, digest)
        dataset_id = dataset.id
    blank = read.blank_records
    return FitSummary(
        dataset_id, len(read.observations), False, model.fitted_at_, model.fit_seconds_, read.dropped, blank
    )


@dataclass(frozen=True)
class CliSalary:
    """The `salary` command's estimate and where it came from (dataset None: the baseline).

    `fit` is set when --data was given; `fitted_at` is when the model used was fitted (UTC).
    """

    estimate: SalaryEstimate
    dataset_id: int | None
    fit: FitSummary | None
    fitted_at: datetime | None


def cli_salary(
    db: Transactions | None,
    query: SalaryQuery,
    market: SalaryData,
    roles: tuple[str, ...],
    observations: tuple[bytes, str] | None = None,
    dataset: str | None = None,
) -> CliSalary:
    """The estimate of the `salary` command: --data fitted once and stored, else the dataset chosen
    with --dataset, else the sourced baseline (never the newest upload: `services.salary_data`).

    Parameters
    ----------
    db
        The workspace; None for the sourced baseline alone (`--baseline`).
    observations
        (bytes, file name) of a CSV or hh.ru JSON read without a size limit, or None.
    dataset
        A stored dataset's name or id (`salary_data.find_dataset`); None for the baseline.

    Raises
    ------
    InputError
        Every problem of the observations file; an unknown dataset; a dataset of another market
        (`salary.dataset_market`: its currency is not the market's).
    """
    if db is None:
        return CliSalary(baseline_estimate(query, market), None, None, None)
    if observations is not None:
        fit = fit_dataset(db, observations[0], observations[1], "", roles, market, max_bytes=None)
        model = load_salary_model(db, fit.dataset_id, roles, market)
        return CliSalary(model.estimate(query, market), fit.dataset_id, fit, model.fitted_at_)
    if dataset is None:
        return CliSalary(baseline_estimate(query, market), None, None, None)
    from smm_eval.services.salary_data import find_dataset

    chosen = find_dataset(db, dataset)
    model = load_salary_model(db, chosen.id, roles, market)
    if not answers_market(model, market):  # one currency at a time: say so rather than mix
        message = f"dataset '{chosen.name}' is in {chosen.currency}; the {market.id} market is in {market.currency}"
        params = {"name": chosen.name, "currency": chosen.currency, "market": market.id, "own": market.currency}
        raise InputError([Problem("--dataset", message, code="salary.dataset_market", params=params)])
    return CliSalary(model.estimate(query, market), chosen.id, None, model.fitted_at_)


def answers_market(model: QuantileSalaryModel, market: SalaryData) -> bool:
    """Whether a fitted model may answer queries in `market`: only its own market, in its own
    currency, so no estimate, chart or comparison mixes currencies (issue 14); otherwise the
    market's baseline answers. The one rule behind the pages' estimator and the `salary` command."""
    return getattr(model, "currency_", None) == market.currency and getattr(model, "market_", None) == market.id
