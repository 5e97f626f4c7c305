"""Radar geometry and the Altair charts built on it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smm_eval.chart_style import BLOCK_COLORS, OKABE_ITO, TARGET_COLOR, localized, vega_locale
from smm_eval.charts import (
    HEATMAP_LABEL_PX,
    HIGHLIGHT_COLOR,
    axis_angles,
    gap_chart,
    heatmap_step,
    progress_chart,
    radar_chart,
    radar_geometry,
    salary_ladder_chart,
    skills_heatmap,
)

AXES = ["marketing", "management", "smm", "analytics", "creative"]


def test_axes_start_at_the_top_and_go_clockwise():
    angles = axis_angles(4)
    assert np.allclose(np.cos(angles), [0, 1, 0, -1], atol=1e-12)
    assert np.allclose(np.sin(angles), [1, 0, -1, 0], atol=1e-12)
    with pytest.raises(ValueError, match="at least 3 axes"):
        axis_angles(2)


def test_geometry_closes_each_polygon_and_scales_radius():
    values = pd.DataFrame(
        {"series": ["a"] * 5 + ["b"] * 5, "axis": AXES * 2, "value": [100, 50, 0, 25, 75, 10, 20, 30, 40, 50]}
    )
    points = radar_geometry(values, AXES)
    assert len(points) == 12
    for _, group in points.groupby("series"):
        first, last = group.iloc[0], group.iloc[-1]
        assert (first["x"], first["y"]) == pytest.approx((last["x"], last["y"]))
        assert group["order"].tolist() == [0, 1, 2, 3, 4, 5]
    a = points.loc[points["series"] == "a"].set_index("order")
    assert np.hypot(a.at[1, "x"], a.at[1, "y"]) == pytest.approx(0.5)
    assert a.at[0, "y"] == pytest.approx(1.0)
    assert a.at[2, "radius"] == 0


def test_missing_value_breaks_the_line_instead_of_dropping_to_zero():
    values = pd.DataFrame({"series": "a", "axis": AXES, "value": [50, np.nan, 50, 50, 50]})
    points = radar_geometry(values, AXES)
    assert points["x"].isna().sum() == 1


def test_geometry_rejects_unknown_axes():
    with pytest.raises(ValueError, match="not drawn"):
        radar_geometry(pd.DataFrame({"series": "a", "axis": ["x"], "value": [1]}), AXES)


def test_radar_chart_layers_rings_spokes_labels_target_and_profiles():
    profiles = pd.DataFrame([[60, 40, 70, 50, 80], [30, 30, 30, 30, 30]], index=["You", "Earlier"], columns=AXES)
    target = pd.Series([75, 50, 75, 75, 50], index=AXES)
    labels = dict(zip(AXES, ["Marketing", "Management", "SMM", "Analytics", "Creative"], strict=True))
    spec = radar_chart(profiles, labels, target=target, target_name="Target").to_dict()
    assert len(spec["layer"]) >= 6
    text = str(spec)
    for label in labels.values():
        assert label in text
    color = next(layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    assert color["scale"]["domain"] == ["Target", "You", "Earlier"]


def test_gap_chart_sorts_by_priority():
    gaps = pd.DataFrame(
        {
            "label": ["A", "B"],
            "block": ["smm", "analytics"],
            "block_label": ["x", "y"],
            "level": [1, 2],
            "target": [3, 3],
            "priority": [12.86, 9.74],
        }
    )
    spec = gap_chart(gaps, "Priority").to_dict()
    shown = [row["priority_shown"] for row in spec["datasets"][spec["data"]["name"]]]
    assert shown == [12.9, 9.7]  # fit points, one decimal: as the results CSV
    assert spec["encoding"]["y"]["sort"] == "-x"
    assert spec["encoding"]["x"]["title"] == "Priority"


def test_salary_ladder_draws_a_band_and_a_median_per_level_in_career_order():
    rows = pd.DataFrame(
        {
            "level": ["junior", "middle", "senior"],
            "label": ["Júnior", "Medio", "Sénior"],
            "p25": [30_000.0, 45_000.0, 60_000.0],
            "p50": [40_000.0, 60_000.0, 80_000.0],
            "p75": [50_000.0, 75_000.0, 100_000.0],
            "n": [0, 0, 0],
        }
    )
    spec = salary_ladder_chart(rows, ["Júnior", "Medio", "Sénior"], "middle", "Nivel", "RUB al mes").to_dict()
    band, median = spec["layer"]
    assert spec["height"] == 300
    assert band["mark"]["type"] == "bar" and median["mark"]["type"] == "tick"
    assert band["encoding"]["x"]["sort"] == ["Júnior", "Medio", "Sénior"]
    assert band["encoding"]["x"]["title"] == "Nivel" and band["encoding"]["y"]["title"] == "RUB al mes"
    assert (band["encoding"]["y"]["field"], band["encoding"]["y2"]["field"]) == ("p25", "p75")
    assert median["encoding"]["y"]["field"] == "p50"
    color = median["encoding"]["color"]
    assert "'middle'" in color["condition"]["test"] and color["condition"]["value"] == HIGHLIGHT_COLOR


# --- Issue 15: charts you can read --------------------------------------------------------------


def _valid(spec: dict) -> None:
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    schema = load_schema()
    validate_jsonschema(spec, schema, rootschema=schema)


def _scale_of(spec: dict, field: str) -> dict[str, str]:
    color = spec["encoding"]["color"]
    assert color["field"] == field
    return dict(zip(color["scale"]["domain"], color["scale"]["range"], strict=True))


def test_a_block_keeps_its_colour_in_every_language_and_order():
    # The same two gaps listed in another order, with English then Spanish labels: the colour follows
    # the block id (chart_style.BLOCK_COLORS), not the label's position.
    english = pd.DataFrame(
        {"label": ["A", "B"], "block": ["smm", "analytics"], "block_label": ["SMM", "Analytics"],
         "level": [1, 2], "target": [3, 3], "priority": [12.0, 9.0]}
    )  # fmt: skip
    spanish = pd.DataFrame(
        {"label": ["B", "A"], "block": ["analytics", "smm"], "block_label": ["Analítica", "SMM"],
         "level": [2, 1], "target": [3, 3], "priority": [12.0, 9.0]}
    )  # fmt: skip
    en = _scale_of(gap_chart(english).to_dict(), "block_label")
    es = _scale_of(gap_chart(spanish).to_dict(), "block_label")
    assert en == {"SMM": "#009E73", "Analytics": "#CC79A7"}
    assert es == {"Analítica": "#CC79A7", "SMM": "#009E73"}
    assert len(set(BLOCK_COLORS.values())) == 5 and set(BLOCK_COLORS.values()) <= set(OKABE_ITO)


def test_progress_chart_colours_blocks_by_id_and_formats_dates_by_locale():
    trend = pd.DataFrame(
        {"date": pd.to_datetime(["2026-01-15", "2026-03-15"] * 2), "block": ["creative"] * 2 + ["marketing"] * 2,
         "score": [40.0, 55.0, 60.0, 62.0]}
    )  # fmt: skip
    spec = progress_chart(trend, {"creative": "Creatividad", "marketing": "Marketing"}, "Fecha", "Puntuación").to_dict()
    assert _scale_of(spec, "block_label") == {"Creatividad": "#D55E00", "Marketing": "#0072B2"}
    assert spec["encoding"]["x"]["axis"]["format"] == "%b %Y"
    _valid(localized(spec, "es"))


def test_vega_locale_gives_spanish_decimal_comma_thousands_dot_and_month_names():
    es, en = vega_locale("es"), vega_locale("en")
    assert (es["number"]["decimal"], es["number"]["thousands"]) == (",", ".")
    assert (en["number"]["decimal"], en["number"]["thousands"]) == (".", ",")
    assert es["time"]["months"][0] == "enero" and es["time"]["months"][11] == "diciembre"
    assert es["time"]["days"][0] == "domingo" and en["time"]["days"][0] == "Sunday"  # d3 weeks start on Sunday
    assert en["time"]["shortMonths"][8] == "Sep"


def test_every_chart_stays_valid_vega_lite_with_the_spanish_locale():
    profiles = pd.DataFrame([[60, 40, 70, 50, 80]], index=["Tú"], columns=AXES)
    radar = radar_chart(profiles, {}, target=pd.Series([75, 50, 75, 75, 50], index=AXES), target_name="Objetivo: SMM")
    _valid(localized(radar.to_dict(), "es"))
    spec = localized(skills_heatmap(_cells(3)).to_dict(), "es")
    _valid(spec)
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def _cells(n_people: int, level: float = 2.5) -> pd.DataFrame:
    rows = []
    comps = [("copywriting", "Copywriting", "creative", 4), ("seo", "SEO basics", "marketing", 0)]
    for p in range(n_people):
        for i, (_cid, label, block, order) in enumerate(comps):
            rows.append(
                {"person": f"Person {p:02d}", "competency": label, "block": block.title(), "block_order": order,
                 "competency_order": i, "level": level if i == 0 else 2.96}
            )  # fmt: skip
    return pd.DataFrame(rows)


def test_heatmap_shows_the_value_it_colours_cut_to_one_decimal():
    spec = skills_heatmap(_cells(3)).to_dict()
    rect, text = spec["spec"]["layer"]
    assert text["encoding"]["text"] == {"field": "shown", "format": ".1~f", "type": "quantitative"}
    assert rect["encoding"]["color"]["field"] == "shown"
    shown = {(r["competency"], r["shown"]) for r in spec["datasets"][spec["data"]["name"]]}
    # 2.5 stays 2.5 (it showed as "3"); 2.96 is cut to 2.9, not rounded to 3: the coverage box
    # counts nobody at 3 there, and the matrix must not show a 3.
    assert shown == {("Copywriting", 2.5), ("SEO basics", 2.9)}


def test_heatmap_writes_nothing_in_an_unrated_cell():
    # d3-format writes null as "0": an unrated cell would read as level 0 without the filter.
    spec = skills_heatmap(_cells(3, level=np.nan)).to_dict()
    _rect, text = spec["spec"]["layer"]
    assert text["transform"] == [{"filter": "isValid(datum.shown)"}]
    rows = spec["datasets"][spec["data"]["name"]]
    assert sum(r["shown"] is None for r in rows) == 3  # Copywriting of each of the three people


@pytest.mark.parametrize("n_people", [3, 12, 40])
def test_heatmap_fits_its_column_at_any_team_size(n_people):
    # The team page's column is 940 px at a 1400 px window; it passes 900.
    step = heatmap_step(n_people, 900)
    assert step * n_people + HEATMAP_LABEL_PX <= 900
    spec = skills_heatmap(_cells(n_people), width=900).to_dict()
    assert spec["spec"]["width"] == {"step": step}
    assert spec["facet"]["row"]["field"] == "block"  # competencies are rows, grouped by block
    y = spec["spec"]["layer"][0]["encoding"]["y"]
    assert y["field"] == "competency" and "labelOverlap" not in y["axis"]  # every competency labelled


def test_radar_is_at_least_400_px_and_names_the_dashed_target_in_the_legend():
    profiles = pd.DataFrame(
        [[60 - 5 * i, 40 + 5 * i, 70, 50, 80 - 10 * i] for i in range(6)],
        index=[f"C{i}" for i in range(6)],
        columns=AXES,
    )
    target = pd.Series([75, 50, 75, 75, 50], index=AXES)
    spec = radar_chart(profiles, {}, target=target, target_name="Target: SMM manager", size=250).to_dict()
    assert spec["height"] == 400 and spec["width"] == round(400 * 2.1 / 1.3)
    lines = next(
        layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "line" and "color" in layer["encoding"]
    )
    color, dash = lines["encoding"]["color"], lines["encoding"]["strokeDash"]
    assert color["scale"]["domain"][0] == "Target: SMM manager" and color["scale"]["range"][0] == TARGET_COLOR
    assert dash["scale"]["range"][0] == [6, 4] and dash["scale"]["range"][1] == [1, 0]
    assert dash.get("legend") == color.get("legend")  # one legend, showing the dash of the target
    assert len(set(color["scale"]["range"])) == 7  # six profiles and the target, all told apart
    dots = spec["layer"][-1]
    assert any(t["field"] == "shown" for t in dots["encoding"]["tooltip"])  # values on hover
    with pytest.raises(ValueError, match="at most 6"):
        radar_chart(pd.concat([profiles, profiles.iloc[:1].rename(index={"C0": "C6"})]), {}, target=target)


def test_identical_profiles_stay_visible_and_the_legend_says_which_they_equal():
    # Issue 15: two candidates with the same levels (or one equal to the target) drew one line over
    # the other. Ana and Bea are identical, Cy equals the target, Dan is his own.
    same = [60, 40, 70, 50, 80]
    target = pd.Series([75, 50, 75, 75, 50], index=AXES)
    profiles = pd.DataFrame([same, same, [75, 50, 75, 75, 50], [10, 20, 30, 40, 50]], columns=AXES,
                            index=["Ana", "Bea", "Cy", "Dan"])  # fmt: skip
    spec = radar_chart(profiles, {}, target=target, target_name="Target", same_as="{name} = {other}").to_dict()
    lines = next(
        layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "line" and "color" in layer["encoding"]
    )
    enc = lines["encoding"]
    assert enc["color"]["scale"]["domain"] == ["Target", "Ana", "Bea = Ana", "Cy = Target", "Dan"]
    # Every series its own dash and a stroke narrower than the one before it (the target 2.5 px).
    dashes = [tuple(d) for d in enc["strokeDash"]["scale"]["range"]]
    assert len(set(dashes)) == 5 and dashes[0] == (6, 4)
    # Ordinal: one width per series in order (a nominal field's default scale interpolated them,
    # drawing the first profile narrowest).
    assert enc["strokeWidth"]["scale"] == {"type": "ordinal", "domain": enc["color"]["scale"]["domain"],
                                           "range": [2.5, 6.0, 4.8, 3.8, 3.0]}  # fmt: skip
    dots = spec["layer"][-1]["encoding"]
    assert dots["shape"]["scale"]["range"] == ["circle", "circle", "square", "diamond", "triangle-up"]
    assert (
        dots["size"]["scale"]["range"] == [60, 260, 190, 140, 100] and dots["size"]["scale"]["type"] == "ordinal"
    )  # each profile's points inside the last's
    # Six profiles: all distinct dashes, widths strictly decreasing.
    six = pd.DataFrame([same] * 6, columns=AXES, index=[f"C{i}" for i in range(6)])
    enc6 = next(
        layer for layer in radar_chart(six, {}).to_dict()["layer"] if "strokeWidth" in layer.get("encoding", {})
    )["encoding"]
    widths = enc6["strokeWidth"]["scale"]["range"]
    assert widths == sorted(widths, reverse=True) and len(set(widths)) == 6
    assert enc6["color"]["scale"]["domain"][1:] == [f"C{i} (same as C0)" for i in range(1, 6)]


def test_radar_tooltip_names_the_profile_the_block_and_the_value():
    """Issue 15 finding 15: the tooltip showed "Diana (C0008) · Score 59" without the block: Vega
    keys a tooltip by title, and the series and the block both had the title " "."""
    profiles = pd.DataFrame([[60, 40, 70, 50, 80]], index=["Diana"], columns=AXES)
    spec = radar_chart(profiles, {a: a.upper() for a in AXES}, value_title="Score").to_dict()
    tooltip = spec["layer"][-1]["encoding"]["tooltip"]
    assert [t["field"] for t in tooltip] == ["series", "label", "shown"]
    titles = [t["title"] for t in tooltip]
    assert len(set(titles)) == 3, titles  # one row each in the tooltip: none overwrites another
