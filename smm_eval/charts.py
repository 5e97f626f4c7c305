"""Altair charts: a radar of block scores, a bar chart of gaps, a skills heatmap and the salary ladder.

Vega-Lite has no polar line mark, so the radar is drawn in Cartesian space: `radar_geometry`
turns (series, axis, value) into x/y points of closed polygons, and `radar_chart` layers rings,
spokes, labels and the series' lines on top. The geometry is a pure function, tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from smm_eval.scoring.gaps import shown_priority

RINGS = (25, 50, 75, 100)
LABEL_RADIUS = 1.15
# The plot spans more horizontally than vertically so that long axis labels on the sides fit;
# width and height are in the same ratio, so a ring stays a circle.
X_EXTENT = 2.1
Y_EXTENT = 1.3
PALETTE = ("#1f77b4", "#9467bd", "#2ca02c", "#ff7f0e", "#d62728", "#8c564b")
HIGHLIGHT_COLOR = "#d62728"  # the chosen level on the salary ladder
TARGET_COLOR = "#7f7f7f"


def axis_angles(n_axes: int) -> np.ndarray:
    """Angle of each axis in radians: the first points up, the others follow clockwise."""
    if n_axes < 3:
        raise ValueError(f"a radar needs at least 3 axes, got {n_axes}")
    return np.pi / 2 - 2 * np.pi * np.arange(n_axes) / n_axes


def radar_geometry(values: pd.DataFrame, axes: Sequence[str], max_value: float = 100.0) -> pd.DataFrame:
    """Points of one closed polygon per series.

    Parameters
    ----------
    values : frame with columns `series`, `axis`, `value` (value may be NaN: the point is kept
        with NaN coordinates so the line breaks there instead of dropping to the centre).
    axes : axis order around the circle.
    max_value : the value drawn on the outer ring.

    Returns
    -------
    The rows of `values` in axis order with `order` (0..n; the first axis repeated at n closes
    the polygon), `angle`, `radius` (0..1), `x` and `y`.

    Examples
    --------
    >>> v = pd.DataFrame({"series": "s", "axis": ["a", "b", "c", "d"], "value": [100, 50, 0, 50]})
    >>> points = radar_geometry(v, ["a", "b", "c", "d"])
    >>> [(int(o), round(float(x), 2) + 0.0, round(float(y), 2) + 0.0) for o, x, y in points[["order", "x", "y"]].values]
    [(0, 0.0, 1.0), (1, 0.5, 0.0), (2, 0.0, 0.0), (3, -0.5, 0.0), (4, 0.0, 1.0)]
    """
    unknown = set(values["axis"]) - set(axes)
    if unknown:
        raise ValueError(f"values name axes that are not drawn: {sorted(unknown)}")
    if max_value <= 0:
        raise ValueError("max_value must be positive")
    angles = axis_angles(len(axes))
    position = {a: i for i, a in enumerate(axes)}
    frame = values.copy()
    frame["order"] = frame["axis"].map(position)
    closing = frame.loc[frame["order"] == 0].copy()
    closing["order"] = len(axes)
    frame = pd.concat([frame, closing], ignore_index=True)
    frame["angle"] = angles[frame["order"].to_numpy() % len(axes)]
    frame["radius"] = frame["value"].astype(float).clip(lower=0, upper=max_value) / max_value
    frame["x"] = frame["radius"] * np.cos(frame["angle"])
    frame["y"] = frame["radius"] * np.sin(frame["angle"])
    return frame.sort_values(["series", "order"], kind="stable").reset_index(drop=True)


def _position() -> tuple[alt.X, alt.Y]:
    return (
        alt.X("x:Q", scale=alt.Scale(domain=[-X_EXTENT, X_EXTENT], nice=False, zero=False), axis=None),
        alt.Y("y:Q", scale=alt.Scale(domain=[-Y_EXTENT, Y_EXTENT], nice=False, zero=False), axis=None),
    )


def _frame_layers(axes: Sequence[str], labels: Mapping[str, str]) -> list[alt.Chart]:
    n = len(axes)
    rings = pd.DataFrame([{"series": f"ring{r}", "axis": a, "value": r} for r in RINGS for a in axes])
    ring_points = radar_geometry(rings, axes)
    angles = axis_angles(n)
    spokes = pd.DataFrame({"x": 0.0, "y": 0.0, "x2": np.cos(angles), "y2": np.sin(angles)})
    label_frame = pd.DataFrame(
        {
            "label": [labels.get(a, a) for a in axes],
            "x": LABEL_RADIUS * np.cos(angles),
            "y": LABEL_RADIUS * np.sin(angles),
            "align": ["center" if abs(np.cos(t)) < 0.2 else ("left" if np.cos(t) > 0 else "right") for t in angles],
        }
    )
    ring_labels = pd.DataFrame({"label": [str(r) for r in RINGS], "x": 0.02, "y": [r / 100 for r in RINGS]})
    x, y = _position()
    ring_layer = (
        alt.Chart(ring_points)
        .mark_line(color="#d0d0d0", strokeWidth=1)
        .encode(x=x, y=y, detail="series:N", order="order:Q")
    )
    spoke_layer = alt.Chart(spokes).mark_rule(color="#d0d0d0").encode(x=x, y=y, x2="x2:Q", y2="y2:Q")
    layers = [ring_layer, spoke_layer]
    for align in ("left", "right", "center"):
        part = label_frame.loc[label_frame["align"] == align]
        if len(part):
            layers.append(
                alt.Chart(part)
                .mark_text(align=align, baseline="middle", fontSize=12, fontWeight="bold")
                .encode(x=x, y=y, text="label:N")
            )
    layers.append(
        alt.Chart(ring_labels)
        .mark_text(align="left", baseline="bottom", fontSize=9, color="#909090")
        .encode(x=x, y=y, text="label:N")
    )
    return layers


def radar_chart(
    profiles: pd.DataFrame,
    axis_labels: Mapping[str, str],
    target: pd.Series | None = None,
    target_name: str = "Target",
    value_title: str = "Score",
    size: int = 420,
) -> alt.LayerChart:
    """Radar of several profiles (rows: series name, columns: axis ids, values 0..100).

    The optional `target` (axis id -> 0..100) is drawn dashed in grey behind the profiles.
    """
    axes = list(profiles.columns) if target is None else list(target.index)
    if len(profiles.columns) and set(profiles.columns) != set(axes):
        raise ValueError("profiles and target must have the same axes")
    long = profiles.rename_axis("series").reset_index().melt(id_vars="series", var_name="axis", value_name="value")
    series_names = list(profiles.index)
    if target is not None:
        long = pd.concat(
            [pd.DataFrame({"series": target_name, "axis": target.index, "value": target.to_numpy()}), long],
            ignore_index=True,
        )
        series_names = [target_name, *series_names]
    points = radar_geometry(long, axes)
    points["label"] = points["axis"].map(lambda a: axis_labels.get(a, a))
    points["shown"] = points["value"].round(0)
    colors = ([TARGET_COLOR] if target is not None else []) + list(PALETTE[: len(profiles.index)])
    dashes = ([[6, 4]] if target is not None else []) + [[1, 0]] * len(profiles.index)
    color = alt.Color(
        "series:N",
        scale=alt.Scale(domain=series_names, range=colors),
        legend=alt.Legend(title=None, orient="bottom", labelLimit=320, columns=2),
    )
    x, y = _position()
    lines = (
        alt.Chart(points)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=y,
            color=color,
            order="order:Q",
            strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=series_names, range=dashes), legend=None),
        )
    )
    dots = (
        alt.Chart(points.loc[points["order"] < len(axes)])
        .mark_circle(size=60)
        .encode(
            x=x,
            y=y,
            color=color,
            tooltip=[
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("shown:Q", title=value_title),
            ],
        )
    )
    chart = alt.layer(*_frame_layers(axes, axis_labels), lines, dots)
    width = round(size * X_EXTENT / Y_EXTENT)
    return chart.properties(width=width, height=size).configure_view(stroke=None)


def gap_chart(gaps: pd.DataFrame, title_priority: str = "Priority", title_competency: str = "") -> alt.Chart:
    """Horizontal bars of gap priority; `gaps` has columns label, block_label, level, target, priority.

    `priority` is in fit points (`smm_eval.scoring.fit_gain`); the bars show it rounded by
    `shown_priority`, the same figure as the results CSV's `gap_priority`.
    """
    data = gaps.assign(priority_shown=shown_priority(gaps["priority"]))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("priority_shown:Q", title=title_priority),
            y=alt.Y("label:N", sort="-x", title=title_competency or None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color("block_label:N", legend=alt.Legend(title=None, orient="bottom", labelLimit=320)),
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("level:Q", format=".1f"),
                alt.Tooltip("target:Q", format=".0f"),
                alt.Tooltip("priority_shown:Q", title=title_priority),
            ],
        )
        .properties(height=alt.Step(34))
    )


def skills_heatmap(cells: pd.DataFrame, level_title: str = "Level") -> alt.FacetChart:
    """People x competencies, one panel per block; `cells` has person, competency (label), block
    (label), block_order, competency_order and level (NaN: not rated, drawn as an empty cell)."""
    base = alt.Chart(cells).encode(
        x=alt.X(
            "competency:N",
            sort=alt.EncodingSortField("competency_order"),
            title=None,
            axis=alt.Axis(labelAngle=-45, labelLimit=160),
        ),
        y=alt.Y("person:N", title=None, sort=None),
    )
    rect = base.mark_rect(stroke="white").encode(
        color=alt.Color("level:Q", scale=alt.Scale(domain=[0, 4], scheme="blues"), title=level_title),
        tooltip=["person:N", "competency:N", alt.Tooltip("level:Q", format=".1f")],
    )
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("level:Q", format=".0f"),
        color=alt.condition(alt.datum.level >= 3, alt.value("white"), alt.value("#333")),
    )
    return (
        alt.layer(rect, text)
        .properties(width=alt.Step(24), height=alt.Step(24))
        .facet(column=alt.Column("block:N", sort=alt.EncodingSortField("block_order"), title=None))
        .resolve_scale(x="independent")
    )


def salary_ladder_chart(
    rows: pd.DataFrame,
    level_labels: Sequence[str],
    current_level: str,
    level_title: str,
    amount_title: str,
    height: int = 300,
) -> alt.LayerChart:
    """The salary range at every career level: a P25–P75 bar and a P50 tick per level.

    Parameters
    ----------
    rows : frame with columns `level` (id), `label` (the level's name, already translated),
        `p25`, `p50`, `p75` (monthly amounts) and `n`; one row per level, as
        `smm_eval.salary.range_by_level` returns it plus `label`.
    level_labels : the labels in career order (the x axis follows it).
    current_level : the level id whose median tick is highlighted.
    level_title, amount_title : axis titles, already translated.
    height : in pixels.

    Returns
    -------
    The layered chart (band, then median ticks).
    """
    x = alt.X("label:N", sort=list(level_labels), title=level_title)
    band = (
        alt.Chart(rows)
        .mark_bar(size=28, opacity=0.35)
        .encode(
            x=x,
            y=alt.Y("p25:Q", title=amount_title),
            y2="p75:Q",
            tooltip=[
                alt.Tooltip("p25:Q", format=",.0f"),
                alt.Tooltip("p50:Q", format=",.0f"),
                alt.Tooltip("p75:Q", format=",.0f"),
                alt.Tooltip("n:Q"),
            ],
        )
    )
    median = (
        alt.Chart(rows)
        .mark_tick(thickness=3, size=30)
        .encode(
            x=x,
            y="p50:Q",
            color=alt.condition(alt.datum.level == current_level, alt.value(HIGHLIGHT_COLOR), alt.value(PALETTE[0])),
        )
    )
    return (band + median).properties(height=height)
