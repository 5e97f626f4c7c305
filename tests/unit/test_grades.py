"""Graded targets of the roles: the derivation rule, its checks at load, and the table in the docs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from smm_eval.errors import DataFileError
from smm_eval.framework import DATA_DIR, load_roles
from smm_eval.grades import GradeShift, grade_problems, grade_shifts, grade_targets, grades_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_default_shift_is_one_level_per_grade_capped_and_only_where_needed():
    blocks = {"copywriting": "creative", "seo_basics": "smm", "ad_setup": "smm"}
    targets = {"copywriting": 3, "seo_basics": 0, "ad_setup": 1}
    grades = grade_targets(targets, grade_shifts("middle", {}, blocks))
    # copywriting 3: 3-2, 3-1, 3, 3+1, min(3+2, 4); seo_basics not needed: 0 at every grade;
    # ad_setup 1: max(1-2, 0), 1-1, 1, 2, 3.
    assert [grades[g]["copywriting"] for g in grades] == [1, 2, 3, 4, 4]
    assert [grades[g]["seo_basics"] for g in grades] == [0, 0, 0, 0, 0]
    assert [grades[g]["ad_setup"] for g in grades] == [0, 0, 1, 2, 3]


def test_overrides_set_the_shift_of_a_block_then_of_a_competency():
    blocks = {"copywriting": "creative", "visual_content": "creative", "ad_setup": "smm"}
    override = GradeShift(blocks={"creative": 0}, competencies={"visual_content": 1})
    shifts = grade_shifts("middle", {"senior": override}, blocks)
    assert shifts["senior"] == {"copywriting": 0, "visual_content": 1, "ad_setup": 1}
    assert shifts["lead"] == {"copywriting": 2, "visual_content": 2, "ad_setup": 2}


def test_shift_errors_name_the_grade_and_the_id():
    blocks = {"copywriting": "creative"}
    with pytest.raises(ValueError, match="reference_grade 'boss'"):
        grade_shifts("boss", {}, blocks)
    with pytest.raises(ValueError, match=r"unknown grade\(s\) \['guru'\]"):
        grade_shifts("middle", {"guru": GradeShift()}, blocks)
    with pytest.raises(ValueError, match="'middle' is the reference grade"):
        grade_shifts("middle", {"middle": GradeShift()}, blocks)
    with pytest.raises(ValueError, match=r"grades\.senior: unknown block or competency id\(s\) \['copy'\]"):
        grade_shifts("middle", {"senior": GradeShift(competencies={"copy": 1})}, blocks)


def test_problems_find_falling_targets_and_equal_neighbours():
    grades = {"trainee": {"a": 1}, "junior": {"a": 2}, "middle": {"a": 1}, "senior": {"a": 3}, "lead": {"a": 3}}
    problems = grade_problems(grades)
    assert problems == [
        "grades: targets fall from junior to middle for ['a']",
        "grades: senior and lead have the same targets",
    ]


def _roles_with(tmp_path: Path, replace: str, by: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "roles.yaml"
    text = path.read_text(encoding="utf-8")
    assert replace in text
    path.write_text(text.replace(replace, by, 1), encoding="utf-8")
    return path


def test_a_role_with_two_equal_grades_is_refused_naming_the_role(tmp_path):
    # The head of SMM's targets (3s, 4s, two 2s) as a trainee's: middle (+2), senior (+3) and lead
    # (+4) are all 4s, so people at those grades could not be told apart.
    path = _roles_with(tmp_path, "reference_grade: lead", "reference_grade: trainee")
    with pytest.raises(DataFileError) as err:
        load_roles(path)
    message = str(err.value)
    assert "head_of_smm" in message and "middle and senior have the same targets" in message
    assert str(path) in message


def test_a_grade_override_that_makes_targets_fall_is_refused(tmp_path):
    path = _roles_with(
        tmp_path,
        "      senior: {blocks: {management: 1, analytics: 0, creative: 0}}",
        "      senior: {blocks: {management: 1, analytics: -1, creative: 0}}",
    )
    with pytest.raises(DataFileError, match="targets fall from middle to senior"):
        load_roles(path)


def test_an_unknown_reference_grade_is_refused(tmp_path):
    path = _roles_with(tmp_path, "reference_grade: lead", "reference_grade: boss")
    with pytest.raises(DataFileError, match=r"head_of_smm.*reference_grade 'boss'"):
        load_roles(path)


def test_the_docs_table_is_the_one_the_roles_give(framework, roles):
    table = grades_markdown(framework.competency_ids, roles)
    doc = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert table in doc, "regenerate the table of docs/scoring.md with smm_eval.grades.grades_markdown"


def test_reference_grades_as_documented(roles):
    ref = {rid: r.reference_grade for rid, r in roles.items()}
    assert ref["head_of_smm"] == "lead" and ref["smm_assistant"] == "junior"
    assert {ref[r] for r in ref if r not in ("head_of_smm", "smm_assistant")} == {"middle"}
    # The reference grade's targets are the role's targets as written.
    for role in roles.values():
        assert role.grade_targets()[role.reference_grade] == role.targets
    assert yaml.safe_load((DATA_DIR / "roles.yaml").read_text(encoding="utf-8"))["version"] == 1
