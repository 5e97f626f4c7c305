"""Scoring a ratings file: self-ratings are shown beside the others', never averaged in."""

from __future__ import annotations

import sys

import pytest

from smm_eval.services.scoring_file import UnknownRoleError, score_file, score_table

from ...conftest import SAMPLE


def wide(framework, rows):
    comps = framework.competency_ids
    lines = ["person,rater," + ",".join(comps)]
    lines += [f"{p},{r}," + ",".join([str(level)] * len(comps)) for p, r, level in rows]
    return ("\n".join(lines) + "\n").encode()


def test_self_rating_is_beside_not_averaged(framework, roles):
    data = wide(framework, [("Ana", "self", 4), ("Ana", "lead", 2), ("Bo", "Self", 3)])
    scores = score_file(data, "f.csv", framework, roles["smm_manager"])
    ana, bo = scores.ranking.loc["Ana"], scores.ranking.loc["Bo"]
    assert ana["overall"] == pytest.approx(50.0) and ana["raters"] == 1  # the lead's 2 alone
    assert ana["self_overall"] == pytest.approx(100.0) and ana["rated_by"] == "others"
    assert bo["overall"] == pytest.approx(75.0) and bo["rated_by"] == "self"  # nobody else rated Bo
    assert list(scores.ranking.index) == ["Bo", "Ana"]  # fit, then overall, then file order
    assert list(scores.export["person"]) == ["Bo", "Ana"]
    assert {"rated_by", "self_overall", *framework.block_ids} <= set(scores.export.columns)
    # Bo's scores are a self-view: the band is wider by the self-leniency δ² = 0.222² than the
    # same levels given by another rater would get (sqrt(0.2308 + 0.0492 + ...) against sqrt(0.2308 + ...)).
    other = score_file(wide(framework, [("Bo", "lead", 3)]), "f.csv", framework, roles["smm_manager"]).ranking
    own_width = bo["overall_high"] - bo["overall_low"]
    assert own_width > other.at["Bo", "overall_high"] - other.at["Bo", "overall_low"]
    assert bool(bo["self_view"]) and not bool(other.at["Bo", "self_view"])


def test_ties_keep_file_order_and_unscored_people_come_last(framework, roles):
    comps = framework.competency_ids
    data = ("person," + ",".join(comps) + "\nZed," + ",".join("2" * 0 or [""] * len(comps)) + "\n").encode()
    data += ("B," + ",".join(["2"] * len(comps)) + "\nA," + ",".join(["2"] * len(comps)) + "\n").encode()
    scores = score_file(data, "f.csv", framework, roles["smm_manager"])
    assert list(scores.ranking.index) == ["B", "A", "Zed"]


def test_score_table_is_the_command_table_and_refuses_unknown_roles(framework, roles):
    table = score_table(SAMPLE.read_bytes(), "s.csv", framework, roles, None)
    assert list(table.columns[:6]) == ["person", "overall", "fit", "to_rate", "level", "coverage"]
    assert "best_role" in table.columns and table["fit"].isna().all()
    # Everyone in the sample rated all 25: every role passes the gate, a best role and nothing to rate.
    assert table["best_role"].notna().all() and (table["to_rate"] == 0).all()
    assert table["band_model"].nunique() == 1  # the sample has too few multi-rated people: the prior
    assert table["band_model"].iloc[0] == "prior"
    with pytest.raises(UnknownRoleError, match="choose one of"):
        score_table(SAMPLE.read_bytes(), "s.csv", framework, roles, "nope")


def test_scoring_a_file_never_loads_the_database_layer():
    import subprocess

    heavy = "('sqlalchemy', 'smm_eval.storage', 'scipy')"
    code = (
        "import sys, smm_eval.services.scoring_file, smm_eval.cli; "
        f"print([m for m in sys.modules if m.startswith({heavy})])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
