"""Altair charts: a radar of block scores, a bar chart of gaps and the salary ladder; the team's skills
heatmap and progress lines live in `team_charts` and are importable from here.

Vega-Lite has no polar line mark, so the radar is drawn in Cartesian space: `radar_geometry`
turns (series, axis, value) into x/y points of closed polygons, and `radar_chart` layers rings,
spokes, labels and the series' lines on top. The geometry is a pure function, tested on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from smm_eval.chart_style import (
    OKABE_ITO,
    SERIES_COLORS,
    SERIES_DASHES,
    SERIES_POINT_SIZES,
    SERIES_SHAPES,
    SERIES_WIDTHS,
    TARGET_COLOR,
    TARGET_DASH,
    TARGET_POINT_SIZE,
    TARGET_WIDTH,
    block_scale,
)
from smm_eval.scoring.gaps import shown_priority
from smm_eval.team_charts import HEATMAP_LABEL_PX, heatmap_step, progress_chart, skills_heatmap

__all__ = [
    "HEATMAP_LABEL_PX",
    "axis_angles",
    "gap_chart",
    "heatmap_step",
    "progress_chart",
    "radar_chart",
    "radar_geometry",
    "salary_ladder_chart",
    "skills_heatmap",
]

RINGS = (25, 50, 75, 100)
LABEL_RADIUS = 1.15
# The plot spans more horizontally than vertically so that long axis labels on the sides fit;
# width and height are in the same ratio, so a ring stays a circle.
X_EXTENT = 2.1
Y_EXTENT = 1.3
MIN_RADAR_SIZE = 400  # px: the smallest radar height a reader can read six profiles on (issue 15)
HIGHLIGHT_COLOR = OKABE_ITO[6]  # vermillion: the chosen level on the salary ladder
BASE_COLOR = OKABE_ITO[5]  # blue: the other levels


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
    same_as: str = "{name} (same as {other})",
) -> alt.LayerChart:
    """Radar of up to six profiles against an optional target.

    Parameters
    ----------
    profiles : rows are series (their index is the name shown), columns axis ids, values 0..100
        (NaN: not rated; the line breaks there).
    axis_labels : axis id -> label shown (translated).
    target : axis id -> 0..100; drawn black and dashed, first in the legend as `target_name`
        (the pages pass "Target: <role>").
    value_title : the tooltip's title of a value.
    size : plot height in px, at least MIN_RADAR_SIZE (raised to it); the width is
        size * X_EXTENT / Y_EXTENT so rings stay circles.
    same_as : how the legend names a profile identical to one before it (or to the target), with
        {name} and {other} (translated by the pages): "Bea (same as Ana)".

    Returns
    -------
    The layered chart: rings, spokes and labels, then one line per series (colour, dash, stroke
    width and point shape from `chart_style.SERIES_*`, each narrower than the one before, so
    identical profiles stay visible one inside the other; the target black and dashed, named in
    the one legend with its dash) and a point per value with the value on hover. Clicking a legend entry brings that
    series forward and fades the others (design choice: six overlaid profiles stay readable).

    Raises
    ------
    ValueError : the profiles and the target name different axes, or more than six profiles.
    """
    axes = list(profiles.columns) if target is None else list(target.index)
    if len(profiles.columns) and set(profiles.columns) != set(axes):
        raise ValueError("profiles and target must have the same axes")
    if len(profiles.index) > len(SERIES_COLORS):
        raise ValueError(f"a radar draws at most {len(SERIES_COLORS)} profiles, got {len(profiles.index)}")
    renamed = _same_as_names(profiles, target, target_name, same_as)
    profiles = profiles.rename(index=lambda n: renamed.get(str(n), n))
    long = profiles.rename_axis("series").reset_index().melt(id_vars="series", var_name="axis", value_name="value")
    series_names = [str(s) for s in profiles.index]
    if target is not None:
        long = pd.concat(
            [pd.DataFrame({"series": target_name, "axis": target.index, "value": target.to_numpy()}), long],
            ignore_index=True,
        )
        series_names = [target_name, *series_names]
    points = radar_geometry(long, axes)
    points["label"] = points["axis"].map(lambda a: axis_labels.get(a, a))
    points["shown"] = points["value"].round(0)
    colors, dashes, widths, shapes, sizes = _series_style(len(profiles.index), target is not None)
    legend = alt.Legend(
        title=None, orient="bottom", direction="vertical", columns=2, labelLimit=360, symbolType="stroke",
        symbolStrokeWidth=3, symbolSize=400, labelFontSize=12,
    )  # fmt: skip
    picked = alt.selection_point(fields=["series"], bind="legend", name="picked")

    color = alt.Color("series:N", scale=alt.Scale(domain=series_names, range=colors), legend=legend)
    dash = alt.StrokeDash("series:N", scale=alt.Scale(domain=series_names, range=dashes), legend=legend)
    x, y = _position()
    lines = (
        alt.Chart(points)
        .mark_line()
        .encode(
            x=x, y=y, color=color, strokeDash=dash, order="order:Q",
            strokeWidth=alt.StrokeWidth("series:N", scale=_ordinal(series_names, widths), legend=None),
            opacity=alt.condition(picked, alt.value(0.95), alt.value(0.15)),
        )
        .add_params(picked)
    )  # fmt: skip
    dots = (
        alt.Chart(points.loc[points["order"] < len(axes)])
        .mark_point(filled=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color("series:N", scale=alt.Scale(domain=series_names, range=colors), legend=None),
            shape=alt.Shape("series:N", scale=alt.Scale(domain=series_names, range=shapes), legend=None),
            size=alt.Size("series:N", scale=_ordinal(series_names, sizes), legend=None),
            opacity=alt.condition(picked, alt.value(1.0), alt.value(0.15)),
            # Vega's tooltip is an object keyed by title: two " " titles kept only one of the series
            # and the block ("Diana (C0008) · Score 59", issue 15). Distinct blank titles keep both.
            tooltip=[
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("label:N", title="  "),
                alt.Tooltip("shown:Q", title=value_title, format=",.0f"),
            ],
        )
    )
    height = max(size, MIN_RADAR_SIZE)
    chart = alt.layer(*_frame_layers(axes, axis_labels), lines, dots)
    return chart.properties(width=round(height * X_EXTENT / Y_EXTENT), height=height).configure_view(stroke=None)


def _series_style(n: int, has_target: bool) -> tuple[list, list, list, list, list]:
    """Colours, dashes, stroke widths, point shapes and point sizes of the target (when drawn) and
    `n` profiles, in legend order (`chart_style.SERIES_*`)."""
    first = has_target
    return (
        ([TARGET_COLOR] if first else []) + list(SERIES_COLORS[:n]),
        ([list(TARGET_DASH)] if first else []) + [list(d) for d in SERIES_DASHES[:n]],
        ([TARGET_WIDTH] if first else []) + list(SERIES_WIDTHS[:n]),
        (["circle"] if first else []) + list(SERIES_SHAPES[:n]),
        ([TARGET_POINT_SIZE] if first else []) + list(SERIES_POINT_SIZES[:n]),
    )


def _ordinal(domain: list[str], values: list) -> alt.Scale:
    """One value per series, in order: a nominal field's default scale would interpolate them."""
    return alt.Scale(type="ordinal", domain=domain, range=values)


def _same_as_names(profiles: pd.DataFrame, target: pd.Series | None, target_name: str, same_as: str) -> dict[str, str]:
    """{series: legend name} of each profile identical to the target or to a profile before it
    (same value on every axis, NaN matching NaN), named `same_as` with the first one it equals."""
    earlier: list[tuple[str, pd.Series]] = [] if target is None else [(target_name, target)]
    renamed = {}
    for name, row in profiles.iterrows():
        other = next((o for o, seen in earlier if row.reindex(seen.index).equals(seen.astype(row.dtype))), None)
        if other is not None:
            renamed[str(name)] = same_as.format(name=name, other=other)
        earlier.append((str(name), row))
    return renamed


def gap_chart(gaps: pd.DataFrame, title_priority: str = "Priority", title_competency: str = "") -> alt.Chart:
    """Horizontal bars of gap priority, coloured by block (`chart_style.block_color` of the block id).

    `gaps` has columns label, block (id), block_label, level, target, priority. `priority` is in
    fit points (`smm_eval.scoring.fit_gain`); the bars show it rounded by `shown_priority`, the
    same figure as the results CSV's `gap_priority`.
    """
    data = gaps.assign(priority_shown=shown_priority(gaps["priority"]))
    labels = dict(zip(data["block"].astype(str), data["block_label"], strict=True))
    domain, colors = block_scale(list(labels), labels)
    scale = alt.Scale(domain=domain, range=colors)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("priority_shown:Q", title=title_priority),
            y=alt.Y("label:N", sort="-x", title=title_competency or None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color(
                "block_label:N", scale=scale, legend=alt.Legend(title=None, orient="bottom", labelLimit=320)
            ),
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("level:Q", format=".1~f"),
                alt.Tooltip("target:Q", format=".0f"),
                alt.Tooltip("priority_shown:Q", title=title_priority, format=".1~f"),
            ],
        )
        .properties(height=alt.Step(34))
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
            color=alt.condition(alt.datum.level == current_level, alt.value(HIGHLIGHT_COLOR), alt.value(BASE_COLOR)),
        )
    )
    return (band + median).properties(height=height)
