"""The team page's charts: the skills matrix (competencies x people, fitted to the page's column) and
each person's progress over assessment dates. Importable from `smm_eval.charts` too."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from smm_eval.chart_style import block_scale

HEATMAP_LABEL_PX = 250  # room for competency labels left of the cells (labelLimit below)
HEATMAP_MARGIN_PX = 20  # the legend sits below the matrix, so it takes no width


def heatmap_step(n_people: int, width: int) -> int:
    """Width in px of one person's column so that the matrix fits `width` px.

    Design choice: the competency labels (HEATMAP_LABEL_PX) take their room first; the columns
    share the rest, between 15 px (a value "2.5" in 8 px type still fits) and 48 px.

    >>> heatmap_step(3, 900), heatmap_step(12, 900), heatmap_step(40, 900)
    (48, 48, 15)
    """
    room = width - HEATMAP_LABEL_PX - HEATMAP_MARGIN_PX
    return int(min(48, max(15, room // max(n_people, 1))))


def skills_heatmap(cells: pd.DataFrame, level_title: str = "Level", width: int = 900) -> alt.FacetChart:
    """Competencies (rows, every one labelled, grouped by block under the block's name) x people
    (columns), each cell coloured by and showing its level.

    Parameters
    ----------
    cells : one row per person and competency with person, competency (label), block (label),
        block_id, block_order, competency_order and level (0..4, a mean may be fractional; NaN: not
        rated: an empty cell, no text).
    level_title : the colour legend's title.
    width : px the whole chart may take; the people's columns share what the labels leave
        (`heatmap_step`), so 3, 12 or 40 people fit.

    Returns
    -------
    A chart faceted by block (rows). The value is cut (not rounded) to one decimal, `shown`, and
    both the colour and the text use it: 2.96 shows as 2.9, so a cell shows 3 only when the level
    reaches 3, as the coverage box counts (design choice).
    """
    data = cells.assign(shown=np.floor(cells["level"].astype(float) * 10 + 1e-9) / 10)
    n_people = max(int(data["person"].nunique()), 1)
    step = heatmap_step(n_people, width)
    font = 11 if step >= 28 else (9 if step >= 20 else 8)
    # Names stand vertical and are never dropped for overlap (Vega's default hides every other one).
    person_axis = alt.Axis(orient="top", labelAngle=-90, labelAlign="left", labelLimit=120, labelOverlap=False)
    competency_axis = alt.Axis(labelLimit=HEATMAP_LABEL_PX - 10)
    base = alt.Chart().encode(
        x=alt.X("person:N", title=None, sort=None, axis=person_axis),
        y=alt.Y("competency:N", sort=alt.EncodingSortField("competency_order"), title=None, axis=competency_axis),
    )
    rect = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "shown:Q",
            scale=alt.Scale(domain=[0, 4], scheme="blues"),
            title=level_title,
            legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=240),
        ),
        tooltip=["person:N", "competency:N", alt.Tooltip("shown:Q", title=level_title, format=".1~f")],
    )
    text = (
        base.transform_filter("isValid(datum.shown)")
        .mark_text(fontSize=font)
        .encode(
            text=alt.Text("shown:Q", format=".1~f"),
            color=alt.condition(alt.datum.shown >= 2.5, alt.value("white"), alt.value("#333")),
        )
    )
    header = alt.Header(labelOrient="top", labelAngle=0, labelAnchor="start", labelFontWeight="bold", labelFontSize=13)
    row = alt.Row("block:N", sort=alt.EncodingSortField("block_order"), title=None, header=header)
    return (
        alt.layer(rect, text, data=data)
        .properties(width=alt.Step(step), height=alt.Step(22))
        .facet(row=row, spacing=6)
        .resolve_scale(y="independent")
    )


def progress_chart(
    trend: pd.DataFrame, block_labels: Mapping[str, str], date_title: str, score_title: str
) -> alt.Chart:
    """Block scores of one person over assessment dates, one line per block in its block colour.

    Parameters
    ----------
    trend : rows with date (datetime), block (id) and score (0..100).
    block_labels : block id -> label shown.
    date_title, score_title : axis titles, already translated.

    Returns
    -------
    A line chart; dates are formatted by the spec's locale (`chart_style.localized`): month
    names in the page's language.
    """
    domain, colors = block_scale(list(dict.fromkeys(trend["block"].astype(str))), block_labels)
    data = trend.assign(block_label=trend["block"].map(lambda b: block_labels.get(b, b)))
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("date:T", title=date_title, axis=alt.Axis(format="%b %Y", tickCount="month")),
            y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title=score_title),
            color=alt.Color("block_label:N", title=None, scale=alt.Scale(domain=domain, range=colors)),
            tooltip=[
                alt.Tooltip("block_label:N", title=" "),
                alt.Tooltip("date:T", title=date_title, format="%e %B %Y"),
                alt.Tooltip("score:Q", title=score_title, format=".0f"),
            ],
        )
        .properties(height=280)
    )
