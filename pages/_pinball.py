"""The salary model's held-out measures as the salary page shows them (not a page: the leading underscore).

Pinball loss (Koenker & Bassett 1978): for a quantile q, the mean over held-out salaries y of
q·(y − ŷ) when the estimate ŷ is below y and (1 − q)·(ŷ − y) when above; it is a monthly amount in
the observations' currency, lower is better, and the fitted model is judged against the sourced
baseline on the same rows. Amounts are rounded by the one money rule (`Messages.money`: to
hundreds); the comparison is the model's loss against the baseline's, in percent.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._ui import fitted_table
from smm_eval.i18n import Messages
from smm_eval.salary.evaluation import HeldOutMetrics

IDEAL_COVERAGE = 0.5  # half of the salaries should fall between P25 and P75


def relative_change(model: float, baseline: float) -> float | None:
    """The model's loss against the baseline's as a signed share (−0.12: 12% lower); None when the baseline is 0.

    >>> relative_change(8800.0, 10000.0), relative_change(1.0, 0.0)
    (-0.12, None)
    """
    return None if baseline == 0 else round((model - baseline) / baseline, 10)


def _versus(t: Messages, model: float, baseline: float) -> str:
    change = relative_change(model, baseline)
    if change is None or abs(change) < 0.005:
        return t("pinball.same")
    return t("pinball.lower" if change < 0 else "pinball.higher", change=t.percent(abs(change)))


def held_out_table(t: Messages, metrics: HeldOutMetrics, currency: str) -> pd.DataFrame:
    """One row per quantile's pinball loss (money, model and baseline, and the change), then P25–P75 coverage."""
    quantiles = list(metrics.pinball)
    rows = [
        (
            t("pinball.loss", q=f"P{round(q * 100)}"),
            t.money(metrics.pinball[q], currency),
            t.money(metrics.baseline_pinball[q], currency),
            _versus(t, metrics.pinball[q], metrics.baseline_pinball[q]),
        )
        for q in quantiles
    ]
    coverage, base = metrics.coverage, metrics.baseline_coverage
    rows.append(
        (
            t("pinball.coverage"),
            "—" if coverage is None else t.percent(coverage),
            "—" if base is None else t.percent(base),
            t("pinball.coverage_ideal", ideal=t.percent(IDEAL_COVERAGE)),
        )
    )
    return pd.DataFrame(rows, columns=[t("sal.measure"), t("sal.model"), t("sal.baseline_col"), t("pinball.versus")])


def show_held_out(t: Messages, metrics: HeldOutMetrics, currency: str) -> None:
    """The table and what it means."""
    fitted_table(held_out_table(t, metrics, currency))  # long measures wrap instead of being cut
    st.caption(t.plural("pinball.help", metrics.n_test, currency=currency))
