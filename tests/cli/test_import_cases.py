"""The import cases from the field (tests/data/cases/README.md) through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from ..conftest import ROOT

CASES = ROOT / "tests" / "data" / "cases"


def run(*args: str, database: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SMM_EVAL_DATABASE_URL": database} if database else None
    return subprocess.run(
        [sys.executable, "-m", "smm_eval", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def strict_json(text: str) -> object:
    def refuse(name: str) -> object:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def salary(data: str) -> subprocess.CompletedProcess[str]:
    return run("salary", "--level", "middle", "--region", "moscow", "--work-format", "office", "--data", data)


def test_c11_zero_salary_exits_2_with_the_located_cell():
    path = str(CASES / "c11_observations_zero_amount.csv")
    result = salary(path)
    assert result.returncode == 2 and "Traceback" not in result.stderr  # before: exit 1 and a ValueError
    assert f"{path}, line 81, column 1 (salary_from): salary_from '000' is zero" in result.stderr


def test_c10_semicolon_observations_get_the_separator_hint():
    result = salary(str(CASES / "c10_observations_semicolon.csv"))
    assert result.returncode == 2
    assert "line 1: the file seems to use ';' as separator; SMM Eval reads comma-separated files" in result.stderr


def test_c10_decimal_comma_levels_are_read_and_2_5_is_refused():
    path = str(CASES / "c10_ratings_decimal_comma.csv")
    result = run("score", path)
    assert result.returncode == 2 and "outside 0..4" not in result.stderr
    assert result.stderr.splitlines()[1:] == [
        f"{path}, line 3, column 3 (brand_strategy): level '2,5' is not a whole number; expected 0, 1, 2, 3 or 4"
    ]


def test_c03_both_exports_score_the_same(tmp_path):
    plain = run("score", str(CASES / "c03_excel_empty_rows.csv"), "--format", "json")
    quoted = run("score", str(CASES / "c03_excel_empty_rows_quoted.csv"), "--format", "json")
    assert plain.returncode == quoted.returncode == 0
    assert plain.stdout.replace("Omar Haddad", "Haddad, Omar") == quoted.stdout


def test_c06_score_output_file_has_a_byte_order_mark_unless_told_not_to(tmp_path):
    out, bare = tmp_path / "scores.csv", tmp_path / "bare.csv"
    assert run("score", str(CASES / "c06_cyrillic_names.csv"), "-o", str(out)).returncode == 0
    assert run("score", str(CASES / "c06_cyrillic_names.csv"), "-o", str(bare), "--no-bom").returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfperson,") and bare.read_bytes() == data[3:]
    assert "Светлана Жукова" in data.decode("utf-8-sig")


def test_c15_candidates_join_their_rated_people_and_c02_agreement_is_null(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    imported = run(
        "import", str(CASES / "c15_ratings.csv"), "--candidates", str(CASES / "c15_candidates_nbsp.csv"),
        "--vacancy", "V", "--role", "smm_manager", database=url,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert "2 new candidates, 0 existing candidates, 4 scorecards" in imported.stdout  # before: 4 new (2 phantoms)
    ranked = strict_json(run("rank", "--vacancy", "V", "--json", database=url).stdout)
    assert [(c["candidate"], c["expected_salary"]) for c in ranked["candidates"]] == [
        ("Zoe Marchetti", 72000),
        ("Bruno Keller", 58000),
    ]
    assert run("import", str(CASES / "c02_all_agree.csv"), "--vacancy", "A", "--role", "smm_manager",
               database=url).returncode == 0  # fmt: skip
    agreement = strict_json(run("rank", "--vacancy", "A", "--json", database=url).stdout)["agreement"]
    assert agreement["single"]["estimate"] is None and agreement["average"]["estimate"] is None


def test_rank_writes_a_file_with_a_byte_order_mark_and_guarded_formulas(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    ratings = tmp_path / "r.csv"
    ratings.write_text("person,rater,copywriting\n=Ирина,lead,3\n", encoding="utf-8")
    assert run("import", str(ratings), "--vacancy", "V", "--role", "smm_manager", database=url).returncode == 0
    out, bare = tmp_path / "rank.csv", tmp_path / "bare.csv"
    ranked = run("rank", "--vacancy", "V", "-o", str(out), database=url)  # before: -o was not an option (exit 2)
    assert ranked.returncode == 0 and ranked.stdout == "", ranked.stderr
    assert run("rank", "--vacancy", "V", "-o", str(bare), "--no-bom", database=url).returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfrank,candidate,") and bare.read_bytes() == data[3:]
    assert ",'=Ирина," in data.decode("utf-8-sig")  # the formula guard, as in every CSV written


def test_every_command_that_reads_a_file_notes_its_blank_rows_on_stderr(tmp_path):
    samples = ROOT / "data" / "samples"

    def padded(name: str, blank: bytes) -> str:  # the sample with two spreadsheet rows of bare commas
        path = tmp_path / name
        path.write_bytes((samples / name).read_bytes() + blank * 2)
        return str(path)

    commas = b",,,,,,,\r\n"  # any number of commas: every field of the record is blank
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    runs = {
        "score": run("score", padded("ratings_sample.csv", commas)),
        "import": run("import", padded("interview_ratings.csv", commas), "--vacancy", "V", "--role", "smm_manager",
                      database=url),
        "map-form": run("map-form", padded("form_export.csv", commas)),
        "plan": run("plan", padded("team.csv", commas), "--budget", "100000"),
        "salary": run("salary", "--level", "middle", "--region", "moscow", "--work-format", "office",
                      "--data", padded("salary_observations.csv", commas), database=url),
    }  # fmt: skip
    for command, result in runs.items():  # before: only `import` said it, on standard output
        assert result.returncode == 0, (command, result.stderr)
        assert "blank rows (empty, or only commas) were skipped" in result.stderr, (command, result.stderr)
        assert ": 2 blank rows" in result.stderr, command
