"""Market positions of a vacancy's ranked candidates: each one's expected salary against the
market's expected-pay range for their career level (a report on the ranking; pure, no database).
Re-exported by `services.recruiting`, where the compare page and the tests find it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from smm_eval.recruiting import market_position
from smm_eval.salary import SalaryData, SalaryEstimate, SalaryQuery, baseline_estimate, load_market


@dataclass(frozen=True)
class MarketPosition:
    """A candidate's expected salary against the market's expected-pay range for their level.

    `position` is below, within (P25..P75) or above; "unknown" without a level or an expected
    salary; "other_currency" when the expected salary is not in the market's currency (never
    converted: `market` is None then); "no_expected_data" when the market has no expected-pay
    figures (and, for a net amount, no tax rule) to judge it against.
    """

    code: str
    market: SalaryEstimate | None
    position: str


def market_positions(
    ranking: pd.DataFrame,
    role_id: str,
    region: str,
    work_format: str,
    estimate: Callable[[SalaryQuery], SalaryEstimate],
    market: SalaryData | None = None,
) -> list[MarketPosition]:
    """Per ranked candidate (in ranking order): the market's **expected**-pay range for their career
    level, on the candidate's gross/net basis, and where their expected salary sits in it.

    Parameters
    ----------
    ranking
        `Evaluation.ranking`: level, expected_salary and, when known, expected_currency and
        expected_gross_net (RUB and gross otherwise).
    market
        The market the range comes from (`load_market()`, Russia, by default); `region` is one of its regions.

    Raises
    ------
    InputError
        A region that is not one of the market's.
    """
    market = market or load_market()
    rows = ranking.assign(
        expected_currency=ranking.get("expected_currency", pd.Series("RUB", index=ranking.index)),
        expected_gross_net=ranking.get("expected_gross_net", pd.Series("gross", index=ranking.index)),
    )
    out = []
    ranges: dict[SalaryQuery, SalaryEstimate] = {}
    for code, row in rows.iterrows():
        level, expected = row["level"], row["expected_salary"]
        if row["expected_currency"] != market.currency and not pd.isna(expected):
            out.append(MarketPosition(str(code), None, "other_currency"))
            continue
        basis = row["expected_gross_net"]
        if market.expected is None or (basis == "net" and market.tax is None):
            out.append(MarketPosition(str(code), None, "no_expected_data"))
            continue
        if not isinstance(level, str):
            out.append(MarketPosition(str(code), None, "unknown"))
            continue
        query = SalaryQuery(level, region, work_format, role_id, market=market.id, gross_net=basis, pay_kind="expected")
        range_ = ranges.get(query)
        if range_ is None:  # a few levels and bases: each range is estimated once, not once a candidate
            range_ = estimate(query)
            if (range_.currency, range_.pay_kind, range_.gross_net) != (market.currency, "expected", basis):
                range_ = baseline_estimate(query, market)  # e.g. a model fitted on offers: not expected pay
            ranges[query] = range_
        out.append(MarketPosition(str(code), range_, market_position(expected, range_.p25, range_.p75)))
    return out
