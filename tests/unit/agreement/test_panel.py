"""The form chosen for the design, the minimum-sample gate, and Krippendorff's alpha."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smm_eval.agreement.panel import design_of, krippendorff_alpha, panel_agreement, reliability
from smm_eval.agreement.records import NO_VARIANCE, TOO_FEW_RATERS, TOO_FEW_TARGETS, icc_band

NAN = np.nan
# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: 4 coders x 12 units.
K2011 = pd.DataFrame(
    {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        "C": [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    }
)
SF = pd.DataFrame(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
    columns=["j1", "j2", "j3", "j4"],
    dtype=float,
)


@pytest.mark.parametrize(("level", "published"), [("ordinal", 0.815), ("interval", 0.849)])
def test_alpha_matches_krippendorff_2011(level, published):
    figure = krippendorff_alpha(K2011, level)
    assert round(figure.estimate, 3) == published
    assert figure.form == f"alpha ({level})" and figure.n_targets == 11  # unit 12 has one value
    assert figure.low is not None and figure.high is not None and figure.low <= figure.estimate <= figure.high
    assert krippendorff_alpha(K2011, level) == figure  # the bootstrap is seeded


def test_alpha_nominal_value_of_the_same_example():
    import krippendorff

    data = K2011.to_numpy().T
    assert round(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"), 3) == 0.743


def test_the_design_picks_the_form():
    assert design_of(SF) == "crossed"
    _, single, average = reliability(SF)
    assert (single.form, average.form if average else None) == ("ICC(2,1)", "ICC(2,k)")
    assert round(single.estimate, 2) == 0.29 and round(average.estimate, 2) == 0.62
    rotating = pd.DataFrame(
        {"r1": [9, 6, 8, NAN, NAN, NAN], "r2": [2, 1, 4, 1, NAN, NAN], "r3": [NAN] * 3 + [7, 10, 6]}
    )
    rotating["r4"] = [NAN, NAN, NAN, NAN, 5, 2]
    assert design_of(rotating) == "rotating"
    _, one, avg = reliability(rotating)
    assert one.form == "ICC(1,1)" and avg is not None and avg.form == "ICC(1,k)"
    assert design_of(K2011) == "incomplete"
    assert reliability(K2011)[1].form == "alpha (interval)"


def test_the_gate_gives_a_reason_never_a_number():
    opposite = pd.DataFrame({"r1": [25.0, 50.0, 75.0], "r2": [75.0, 50.0, 25.0]}, index=list("ABC"))
    _, single, _ = reliability(opposite)
    assert single.estimate is None and single.gate == TOO_FEW_TARGETS and single.band == "undefined"
    assert single.as_json()["estimate"] is None and single.as_json()["gate"] == TOO_FEW_TARGETS
    one_rater = pd.DataFrame({"r1": [1.0, 2, 3, 4, 5, 6]})
    assert reliability(one_rater)[1].gate == TOO_FEW_RATERS
    flat = pd.DataFrame({"r1": [2.0] * 6, "r2": [2.0] * 6})
    assert reliability(flat)[1].gate == NO_VARIANCE


def test_panel_agreement_reports_competencies_that_pass_the_gate_and_writes_json():
    rows = [
        (p, r, "seo", lv)
        for p, (a, b) in enumerate([(1, 1), (2, 2), (3, 4), (0, 1), (4, 4)])
        for r, lv in (("x", a), ("y", b))
    ]
    rows += [(0, "x", "copy", 2), (0, "y", "copy", 3)]
    levels = pd.DataFrame(rows, columns=["person", "rater", "competency", "level"])
    scores = levels[levels["competency"] == "seo"].pivot_table(index="person", columns="rater", values="level")
    result = panel_agreement(scores, levels)
    assert result.design == "crossed" and result.raters == ("x", "y")
    assert [c.competency for c in result.per_competency] == ["seo"]  # copy: one candidate only
    doc = result.as_json()
    assert doc["single"]["form"] == "ICC(2,1)" and 0.8 < doc["single"]["estimate"] <= 1
    assert icc_band(doc["single"]["estimate"]) in {"good", "excellent"}


def test_an_alpha_is_judged_by_krippendorff_s_bands_not_koo_and_li_s():
    # Krippendorff (2004): alpha 0.47 is not reliable (below .667), though Koo & Li would call an
    # ICC of 0.47 merely "poor" and 0.7 "moderate"; 0.7 is tentative, 0.85 reliable.
    from smm_eval.agreement.records import Reliability

    def figure(form: str, value: float) -> Reliability:
        return Reliability(form, value, None, None, 12, 4)

    assert [figure("alpha (interval)", v).band for v in (0.47, 0.7, 0.85)] == [
        "alpha_unreliable", "alpha_tentative", "alpha_reliable",
    ]  # fmt: skip
    assert [figure("ICC(2,1)", v).band for v in (0.47, 0.7, 0.85)] == ["poor", "moderate", "good"]


def test_the_panel_names_the_candidates_it_leaves_out():
    # Issue 15: the reliability figure left out candidates rated by a single rater without saying so.
    # Five candidates rated by x and y, two more (F by x, G by z) by one rater each: the figure
    # rests on A..E only, and F and G are named; H, rated by nobody, is not "left out" (not rated).
    scores = pd.DataFrame(
        {
            "x": [60.0, 70, 55, 80, 40, 65, NAN, NAN],
            "y": [62.0, 75, 50, 78, 45, NAN, NAN, NAN],
            "z": [NAN, NAN, NAN, NAN, NAN, NAN, 50, NAN],
        },
        index=list("ABCDEFGH"),
    )
    result = panel_agreement(scores)
    assert result.left_out == ("F", "G")
    assert result.single.n_targets == 5 and result.design == "crossed"
    assert result.as_json()["left_out"] == ["F", "G"]
    assert panel_agreement(scores.loc[list("ABCDE")]).left_out == ()
