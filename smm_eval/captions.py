"""Figures and what they rest on as text in the user's language: bands, scores, salary captions,
import counts. Used by the pages (through `pages._ui`); no Streamlit here, and nothing heavy is
imported at module level (the home page's first run loads this module: issue 17, item 5).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from smm_eval.i18n import Messages

if TYPE_CHECKING:
    from smm_eval.salary import SalaryEstimate
    from smm_eval.scoring import RaterComponents


def fallback_text(t: Messages, estimate: SalaryEstimate) -> str:
    """Why a fitted model's figure is the baseline's, in `t`'s language (`sal.fallback_reason.<code>`);
    the estimate's English `fallback_reason` where it has no code."""
    if estimate.fallback_code is None:
        return estimate.fallback_reason or ""
    return t(f"sal.fallback_reason.{estimate.fallback_code}", **estimate.fallback_params)


def salary_money_caption(t: Messages, estimate: SalaryEstimate) -> str:
    """What money an estimate is in: currency per period, gross or net, offered or expected, money date."""
    text = t(
        f"sal.money_{estimate.period}",
        currency=estimate.currency,
        gross_net=t(f"sal.gross_net.{estimate.gross_net}"),
        pay_kind=t(f"sal.pay_kind.{estimate.pay_kind}"),
    )
    if estimate.money_date is not None:
        text += " " + t("sal.money_date", date=t.month(estimate.money_date), factor=t.number(estimate.index_factor, 3))
    return text


def band_caption(t: Messages, components: RaterComponents) -> str:
    """What the bands rest on: the measurement model's prior, or its components estimated here."""
    if components.source == "data":
        rater, item = t.number(components.sigma_rater, 2), t.number(components.sigma_item, 2)
        if components.n_eligible > components.n_people:  # estimated on the first MAX_PEOPLE of them
            count, total = t.number(components.n_people), t.number(components.n_eligible)
            return t("common.band_data_sample", count=count, total=total, rater=rater, item=item)
        return t.plural("common.band_data", components.n_people, rater=rater, item=item)
    return t("common.band_prior")


def band_text(t: Messages, low: Iterable[Any], high: Iterable[Any]) -> list[str]:
    """Each band as "low–high", "not rated" where there was nothing to score (never "NaN–NaN")."""
    import pandas as pd

    return [
        t("common.not_rated") if pd.isna(lo) or pd.isna(hi) else f"{t.number(lo)}–{t.number(hi)}"
        for lo, hi in zip(low, high, strict=True)
    ]


def score_text(t: Messages, values: Iterable[Any]) -> list[str]:
    """Scores as whole numbers, "not rated" where there was nothing to score (never "NaN")."""
    import pandas as pd

    return [t("common.not_rated") if pd.isna(v) else t.number(v) for v in values]


def or_dash(values: Iterable[Any], fmt: Callable[[Any], str], missing: str = "—") -> list[str]:
    """Values as text for a table, `missing` ("—", or "not rated" for a block without answers) where
    missing (None, NaN, <NA>): never "None" or "nan"."""
    import pandas as pd

    return [missing if v is None or pd.isna(v) else fmt(v) for v in values]


def import_counts(t: Messages, summary: Any) -> dict[str, str]:
    """What an import of candidates stored, as the plural fragments `cand.imported` and
    `fi.imported` fill: "1 new candidate", "3 scorecards" (a storage ImportSummary)."""
    return {
        "new": t.plural("counts.new_candidates", summary.candidates_created),
        "existing": t.plural("counts.existing_candidates", summary.candidates_existing),
        "cards": t.plural("counts.scorecards", summary.scorecards),
        "selfs": t.plural("counts.selfs_apart", summary.self_assessments),
    }
