"""Every user-facing string comes from the catalogues, and both languages have every key."""

from __future__ import annotations

import re
import string

import pytest

from smm_eval.files.hh_vacancies import DROP_REASONS
from smm_eval.i18n import Messages, catalogue
from smm_eval.recruiting import ORDER_NOTES
from smm_eval.salary import IMMERSION, REGIONS, WORK_FORMATS
from smm_eval.vocabulary import CAREER_LEVELS, RECOMMENDATIONS, TRAINING_KINDS, VACANCY_STATUSES

from ..conftest import ROOT

KEY_IN_CODE = re.compile(r"""\bt\(\s*f?["']([a-z_]+(?:\.[a-z_{}.]+)+)["']""")
# Keys built at run time: the prefix written in the code, and every value it can take.
DYNAMIC_KEYS = {
    "res.confidence.": ["high", "medium", "low", "none"],
    "learning.kind.": ["school", "author", "book", "site", "community", "practice"],
    "vac.status.": list(VACANCY_STATUSES),
    "card.rec.": list(RECOMMENDATIONS),
    "cmp.conf.": ["high", "medium", "low", "none"],
    "cmp.icc_band.": [
        "poor",
        "moderate",
        "good",
        "excellent",
        "undefined",
        "alpha_unreliable",
        "alpha_tentative",
        "alpha_reliable",
    ],
    "cmp.design.": ["crossed", "rotating", "incomplete", "none"],
    "cmp.gate.": ["too_few_raters", "too_few_candidates", "no_variance", "no_target_variance"],
    "cmp.order.": list(ORDER_NOTES),
    "sal.level.": list(CAREER_LEVELS),
    "sal.regions.": list(REGIONS),
    "sal.formats.": list(WORK_FORMATS),
    "sal.immersions.": list(IMMERSION),
    "sal.method.": ["baseline", "fitted"],
    "sal.position.": ["below", "within", "above", "other_currency", "no_expected_data"],
    "sal.money_": ["month", "year"],
    "sal.axis_": ["month", "year"],
    "sal.gross_net.": ["gross", "net"],
    "sal.pay_kind.": ["offered", "expected"],
    "sal.statuses.": ["verified_publisher", "verified_secondary", "derived", "assumption"],
    "sal.drop.": list(DROP_REASONS),
    "team.views.": ["combined", "manager", "self"],
    "plan.kinds.": list(TRAINING_KINDS),
    "layout.budget_": ["below", "within", "other_currency"],
    "layout.gross_net.": ["gross", "net"],
}


def keys_used_in_pages() -> set[str]:
    used: set[str] = set()
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        for key in KEY_IN_CODE.findall(path.read_text(encoding="utf-8")):
            if "{" in key:
                prefix = key.split("{")[0]
                assert prefix in DYNAMIC_KEYS, f"{path.name}: dynamic key {key} needs an entry in DYNAMIC_KEYS"
                used.update(prefix + value for value in DYNAMIC_KEYS[prefix])
            else:
                used.add(key)
    return used


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys():
    en, es = catalogue("en"), catalogue("es")
    assert sorted(set(en) - set(es)) == [], "missing in es.yaml"
    assert sorted(set(es) - set(en)) == [], "missing in en.yaml"


def test_placeholders_match_between_languages():
    en, es = catalogue("en"), catalogue("es")
    for key in en:
        assert placeholders(en[key]) == placeholders(es[key]), key


def test_every_key_used_by_the_app_exists():
    used = keys_used_in_pages()
    assert len(used) > 100
    for lang in ("en", "es"):
        missing = sorted(used - set(catalogue(lang)))
        assert missing == [], f"keys missing in {lang}.yaml: {missing}"


def test_translations_are_not_copies():
    en, es = catalogue("en"), catalogue("es")
    same = [k for k in en if en[k] == es[k] and len(en[k]) > 15]
    assert same == []


def test_numbers_follow_the_language():
    assert Messages("en").number(1234.5, 1) == "1,234.5"
    assert Messages("es").number(1234.5, 1) == "1.234,5"
    assert Messages("es").percent(0.756) == "76%"


def test_unknown_language_falls_back_to_english():
    assert Messages("fr").lang == "en"
    with pytest.raises(ValueError, match="unknown language"):
        catalogue("fr")


def test_a_problem_with_a_code_is_shown_in_the_users_language():
    from smm_eval.errors import Problem

    problem = Problem(
        "ratings.csv", "line text", line=3, column=2, column_name="person", code="where.line", params={"line": 7}
    )
    # The code names problems.where.line, whose text is "línea {line}" in Spanish.
    assert Messages("es").problem(problem) == "línea 7"
    assert Messages("es").where(problem) == "ratings.csv, línea 3, columna 2 (person)"
    assert Messages("en").where(problem) == "ratings.csv, line 3, column 2 (person)"


def test_a_problem_without_a_catalogue_entry_keeps_its_english_message():
    from smm_eval.errors import Problem

    assert Messages("es").problem(Problem("x.csv", "is empty", code="no.such.code")) == "is empty"
    assert Messages("es").problem(Problem("x.csv", "is empty")) == "is empty"
    assert Messages("es").where(Problem("x.json", "bad", column_name="a.b")) == "x.json, campo a.b"
