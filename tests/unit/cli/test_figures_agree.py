"""One rounding rule: the CLI's CSV and JSON and the score-file page's CSV carry the same figures."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

from smm_eval.cli.commands import cmd_score
from smm_eval.cli.parser import build_parser
from smm_eval.figures import decimals_for, round_figures
from smm_eval.files.csv_out import csv_bytes, to_safe_csv
from smm_eval.services.scoring_file import score_file


def ratings_file(framework, tmp_path):
    # Ana: 23 of 25 answered (coverage 23/25 = 0.92; the CLI used to print 0.92 and the page CSV
    # 0.9); Bo: 5 answered (fit hidden below the coverage gate, to_rate > 0); both by two raters.
    comps = framework.competency_ids
    lines = ["person,rater," + ",".join(comps)]
    for rater, shift in (("hr", 0), ("lead", 1)):
        lines.append(f"Ana,{rater}," + ",".join("" if i >= 23 else str((i + shift) % 5) for i in range(25)))
        lines.append(f"Bo,{rater}," + ",".join(str(2 + shift) if i < 5 else "" for i in range(25)))
    path = tmp_path / "ratings.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_csv_page_csv_and_json_agree_on_every_figure(framework, roles, tmp_path):
    path = ratings_file(framework, tmp_path)

    def cli(fmt: str) -> str:
        return cmd_score(build_parser().parse_args(["score", str(path), "--role", "smm_manager", "--format", fmt]))

    cli_csv = pd.read_csv(io.StringIO(cli("csv"))).set_index("person")
    records = {r["person"]: r for r in json.loads(cli("json"))}
    cli_json = pd.DataFrame(list(records.values())).set_index("person")
    page = score_file(path.read_bytes(), "ratings.csv", framework, roles["smm_manager"])
    # What the page's download button writes (files.csv_out.csv_bytes, with its byte-order mark).
    page_csv = pd.read_csv(io.StringIO(csv_bytes(page.export).decode("utf-8-sig"))).set_index("person")

    assert cli_csv.at["Ana", "coverage"] == page_csv.at["Ana", "coverage"] == cli_json.at["Ana", "coverage"] == 0.92
    shared = [c for c in page_csv.columns if c in cli_csv.columns]
    assert {"overall", "overall_low", "overall_high", "fit", "to_rate", "coverage", "marketing"} <= set(shared)
    for column in shared:
        for person in ("Ana", "Bo"):
            a, b, c = cli_csv.at[person, column], page_csv.at[person, column], cli_json.at[person, column]
            if isinstance(a, str) or isinstance(b, str):
                assert a == b == c, (person, column)
            else:
                np.testing.assert_equal([float(a), float(b)], [float(c) if c is not None else np.nan] * 2)
    # Bo's fit is empty in all three, with the competencies still to rate beside it.
    assert np.isnan(cli_csv.at["Bo", "fit"]) and np.isnan(page_csv.at["Bo", "fit"]) and records["Bo"]["fit"] is None
    assert cli_csv.at["Bo", "to_rate"] == page_csv.at["Bo", "to_rate"] == cli_json.at["Bo", "to_rate"] > 0


@pytest.mark.parametrize(
    ("column", "value", "digits", "shown"),
    [
        ("coverage", 0.916, 2, 0.92),
        ("rwg", 0.4449, 2, 0.44),
        ("p_above_next", 0.8413, 2, 0.84),
        ("fit", 66.666, 1, 66.7),
        ("overall_low", 40.04, 1, 40.0),
    ],
)
def test_the_rule_rounds_shares_to_two_and_scores_to_one_decimal(column, value, digits, shown):
    assert decimals_for(column) == digits
    assert round_figures(pd.DataFrame({column: [value]})).at[0, column] == shown
    assert pd.read_csv(io.StringIO(to_safe_csv(pd.DataFrame({column: [value]})))).at[0, column] == shown
