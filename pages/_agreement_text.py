"""Agreement figures as the pages write them (not a page: the leading underscore).

rwg per candidate with its band or the reason there is none (`smm_eval.agreement.raters.rwg_status`),
and what a vacancy's reliability figure rests on: how many candidates and raters, and which
candidates were left out and why (`PanelAgreement.left_out`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from smm_eval.agreement.raters import RWG_BANDS, rwg_status
from smm_eval.agreement.records import PanelAgreement
from smm_eval.i18n import Messages
from smm_eval.markdown import escape_markdown


def rwg_text(t: Messages, value: float | None, raters: int) -> str:
    """One candidate's agreement: "rwg 0.93 · very strong agreement", or "not enough raters (agreement needs two)".

    The figure is shown with two decimals (the share rule of `smm_eval.figures`).
    """
    status = rwg_status(value, raters)
    if status in {name for _, name in RWG_BANDS}:
        return t("agree.rwg_value", value=t.number(float(value or 0.0), 2), band=t(f"agree.rwg_band.{status}"))
    return t(f"agree.rwg_{status}", raters=raters)


def rwg_cells(t: Messages, values: Iterable[float | None], raters: Iterable[int]) -> list[str]:
    """`rwg_text` of every candidate of a table."""
    return [rwg_text(t, v, int(r)) for v, r in zip(values, raters, strict=True)]


def left_out_text(t: Messages, agreement: PanelAgreement, label: Callable[[str], str]) -> str | None:
    """Which candidates the vacancy's reliability figure leaves out and why; None when none is."""
    if not agreement.left_out:
        return None
    names = ", ".join(escape_markdown(label(code)) for code in agreement.left_out)  # names are user text: no Markdown
    return t.plural("agree.left_out", len(agreement.left_out), names=names)
