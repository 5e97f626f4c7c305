"""The competency model, roles and learning resources in data/ are complete and validated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from smm_eval.errors import DataFileError
from smm_eval.framework import (
    DATA_DIR,
    LANGUAGES,
    REQUIRED_COMPETENCIES,
    load_framework,
    load_learning,
    load_roles,
    validate_role_weights,
)
from smm_eval.i18n import Messages
from smm_eval.vocabulary import CAREER_LEVELS

EXPECTED_ROLES = {
    "smm_manager",
    "smm_analyst",
    "smm_marketer",
    "smm_editor",
    "community_manager",
    "ads_specialist",
    "smm_assistant",
    "head_of_smm",
}


def test_blocks_and_competencies_are_the_contract(framework):
    assert framework.block_ids == ["marketing", "management", "smm", "analytics", "creative"]
    assert {b.id: len(b.competencies) for b in framework.blocks} == {
        "marketing": 5,
        "management": 4,
        "smm": 7,
        "analytics": 5,
        "creative": 4,
    }
    for block_id, ids in REQUIRED_COMPETENCIES.items():
        assert [c.id for c in framework.block(block_id).competencies] == list(ids)
    assert len(framework.competency_ids) == 25


def test_every_competency_has_distinct_anchors_for_every_level_in_both_languages(framework):
    for comp in framework.competencies.values():
        assert sorted(comp.anchors) == [0, 1, 2, 3, 4]
        for lang in LANGUAGES:
            texts = [comp.anchors[level].get(lang) for level in range(5)]
            assert len(set(texts)) == 5, comp.id
            assert all(len(text) > 20 for text in texts), comp.id
            assert comp.name.get(lang) and comp.description.get(lang)
        assert comp.anchors[3].en != comp.anchors[3].es


def test_non_neutral_weights_carry_their_reasoning(framework):
    for block in framework.blocks:
        assert block.rationale.en and block.rationale.es
        for comp in block.competencies:
            if comp.weight != 1.0:
                assert comp.rationale is not None and comp.rationale.es
    # The survey's figures order the weights: literacy (54%) > graphics (~33%) > SEO (20%).
    comps = framework.competencies
    assert comps["copywriting"].weight > comps["visual_content"].weight > comps["seo_basics"].weight


def test_personal_qualities_are_separate_from_scored_competencies(framework):
    qualities = {q.id for q in framework.personal_qualities}
    assert len(qualities) >= 12
    assert not qualities & set(framework.competency_ids)


def test_career_levels_are_the_vocabulary_lowest_first(framework):
    ids = [lv.id for lv in framework.career_levels]
    assert ids == ["trainee", "junior", "middle", "senior", "lead"]


def test_roles_resolve_to_complete_profiles(framework, roles):
    assert set(roles) >= EXPECTED_ROLES
    for role in roles.values():
        assert set(role.block_weights) == set(framework.block_ids)
        assert set(role.targets) == set(framework.competency_ids)
        assert all(0 <= v <= 4 for v in role.targets.values())
        assert abs(sum(role.block_weight_percent().values()) - 100) < 1e-9
    assert roles["smm_analyst"].targets["tool_effectiveness"] == 4
    assert roles["smm_assistant"].targets["team_tasking"] == 1
    assert roles["community_manager"].competency_weights["community_management"] == 2.0
    # A role is more demanding than the trainee role everywhere it matters.
    assert sum(roles["head_of_smm"].targets.values()) > sum(roles["smm_assistant"].targets.values())


def test_learning_resources_cover_every_competency(framework):
    resources = load_learning()
    for cid in framework.competency_ids:
        assert sum(cid in r.competencies for r in resources) >= 2, cid
    names = " ".join(r.name.en for r in resources)
    for named in ("Netology", "IKRA", "Involve", "Kerpen", "cossa.ru", "Khalilov"):
        assert named in names


def test_validate_role_weights_names_each_problem(framework):
    blocks = dict.fromkeys(framework.block_ids, 0.0)
    comps = dict.fromkeys(framework.competency_ids, 1.0)
    targets = dict.fromkeys(framework.competency_ids, 2)
    [zero] = validate_role_weights(framework, blocks, comps, targets)
    assert (zero.column_name, zero.code) == ("block_weights", "role.all_zero")
    assert zero.message == "all zero; at least one block needs a positive weight"
    blocks["smm"] = -1
    errors = validate_role_weights(framework, blocks, comps, {**targets, "bogus": 2}, source="vacancy 'X'")
    found = {(e.source, e.column_name, e.code, e.params.get("ids")) for e in errors}
    assert ("vacancy 'X'", "targets", "role.unknown_ids", "bogus") in found
    assert ("vacancy 'X'", "block_weights", "role.negative", "smm") in found
    negative = next(e for e in errors if e.code == "role.negative")
    assert Messages("es").problem(negative) == "los pesos deben ser cero o más; no lo son los de smm"


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_broken_framework_names_file_and_field(tmp_path):
    data = _copy_data(tmp_path)
    path = data / "framework.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    del doc["blocks"][0]["competencies"][1]["anchors"][3]
    doc["blocks"][2]["weight"] = -5
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_framework(path)
    text = str(err.value)
    assert str(path) in text
    assert "blocks.0.competencies.1.anchors" in text and "exactly one anchor" in text
    assert "blocks.2.weight" in text


def test_renamed_contract_id_is_refused(tmp_path):
    data = _copy_data(tmp_path)
    path = data / "framework.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: seo_basics", "id: seo"), encoding="utf-8")
    with pytest.raises(DataFileError, match="lacks competencies \\['seo_basics'\\]"):
        load_framework(path)


def test_invalid_yaml_reports_line_and_column(tmp_path):
    path = tmp_path / "framework.yaml"
    path.write_text("version: 1\nblocks: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_framework(path)
    problem = err.value.problems[0]
    assert problem.line is not None and problem.column is not None
    assert "not valid YAML" in problem.message


def test_broken_role_names_role_and_field(tmp_path):
    data = _copy_data(tmp_path)
    path = data / "roles.yaml"
    text = path.read_text(encoding="utf-8").replace("ad_setup: 2.5", "ad_setupp: 2.5")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_roles(path)
    message = str(err.value)
    assert "ads_specialist" in message and "ad_setupp" in message and str(path) in message


def test_career_level_ids_must_be_the_vocabulary(tmp_path):
    data = _copy_data(tmp_path)
    path = data / "framework.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: middle", "id: mid"), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_framework(path)
    problem = err.value.problems[0]
    assert problem.source == str(path) and problem.column_name == "career_levels"
    assert "'mid'" in problem.message and "'middle'" in problem.message


def test_loaded_career_levels_are_the_vocabulary(framework):
    assert tuple(lv.id for lv in framework.career_levels) == CAREER_LEVELS
