"""Radar geometry and the Altair charts built on it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smm_eval.charts import HIGHLIGHT_COLOR, axis_angles, gap_chart, radar_chart, radar_geometry, salary_ladder_chart

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
        {"label": ["A", "B"], "block_label": ["x", "y"], "level": [1, 2], "target": [3, 3], "priority": [12.86, 9.74]}
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
