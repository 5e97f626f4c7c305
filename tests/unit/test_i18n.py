"""Every user-facing string comes from the catalogues, and both languages have every key."""

from __future__ import annotations

import re
import string

import pytest

from smm_eval.access import Action, Role
from smm_eval.agreement.raters import NO_COMMON_COMPETENCY, RWG_BANDS, TOO_FEW_RATERS
from smm_eval.files.hh_vacancies import DROP_REASONS
from smm_eval.i18n import Messages, catalogue
from smm_eval.recruiting import ORDER_NOTES
from smm_eval.salary import IMMERSION, REGIONS, WORK_FORMATS
from smm_eval.storage.audit import ACTIONS as AUDIT_ACTIONS
from smm_eval.storage.audit import ENTITIES as AUDIT_ENTITIES
from smm_eval.vocabulary import (
    CAREER_LEVELS,
    RECOMMENDATIONS,
    STAGES,
    TRAINING_FORMATS,
    TRAINING_KINDS,
    VACANCY_STATUSES,
)

from ..conftest import ROOT

KEY_IN_CODE = re.compile(r"""\bt\(\s*f?["']([a-z_]+(?:\.[a-z_{}.]+)+)["']""")
PLURAL_IN_CODE = re.compile(r"""\.plural\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""")
PLURAL_FORMS = (".one", ".other")
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
    "cmp.gate.": ["too_few_raters", "no_variance", "no_target_variance"],  # too_few_candidates: a plural
    "cmp.order.": list(ORDER_NOTES),
    "sal.level.": list(CAREER_LEVELS),
    "sal.regions.": list(REGIONS),
    "sal.formats.": list(WORK_FORMATS),
    "sal.fallback_reason.": ["empty_cell", "other_market", "no_role"],
    "sal.immersions.": list(IMMERSION),
    "sal.method.": ["baseline", "fitted"],
    "invite.status.": ["open", "used", "expired", "revoked"],
    "sal.position.": ["below", "within", "above", "other_currency", "no_expected_data"],
    "sal.money_": ["month", "year"],
    "sal.axis_": ["month", "year"],
    "sal.gross_net.": ["gross", "net"],
    "sal.pay_kind.": ["offered", "expected"],
    "sal.statuses.": ["verified_publisher", "verified_secondary", "derived", "assumption"],
    "sal.drop.": list(DROP_REASONS),
    "team.views.": ["combined", "manager", "self"],
    "plan.kinds.": list(TRAINING_KINDS),
    "plan.kind.": list(TRAINING_KINDS),
    "plan.formats.": list(TRAINING_FORMATS),
    "cand.stages.": list(STAGES),
    "cpage.stages.": list(STAGES),
    "agree.rwg_band.": [name for _, name in RWG_BANDS],
    "agree.rwg_": [TOO_FEW_RATERS, NO_COMMON_COMPETENCY],
    "layout.budget_": ["below", "within", "other_currency"],
    "layout.gross_net.": ["gross", "net"],
    "roles.": [*(r.value for r in Role), "none"],
    "access_actions.": [*(a.value for a in Action), "sign_in"],
    "audit.entity.": list(AUDIT_ENTITIES),
    "audit.action.": list(AUDIT_ACTIONS),
    "audit.kind.": ["personal", "cli", "invitation"],
    "signin.role.": [*(role.value for role in Role), "none"],
}


def keys_used_in_pages() -> set[str]:
    used: set[str] = set()
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        for key in PLURAL_IN_CODE.findall(path.read_text(encoding="utf-8")):
            used.update(key + form for form in PLURAL_FORMS)
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


# Messages that are the same in every language, and why.
LANGUAGE_NEUTRAL = {"state.card_step_count": "'{block} {rated}/{total}': a translated block name and two numbers"}


def test_translations_are_not_copies():
    en, es = catalogue("en"), catalogue("es")
    same = [k for k in en if en[k] == es[k] and len(en[k]) > 15 and k not in LANGUAGE_NEUTRAL]
    assert same == []


def test_numbers_follow_the_language():
    assert Messages("en").number(1234.5, 1) == "1,234.5"
    assert Messages("es").number(1234.5, 1) == "1.234,5"
    assert Messages("es").percent(0.756) == "76\u00a0%"  # CLDR es "#,##0\u00a0%" (no-break space)


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


# "problem(s)", "competency(ies)", "candidato(s)", "valorado(s)", "evaluador(es)", "persona(s)".
ROUGH_PLURAL = re.compile(r"\w\((?:s|es|ies|as|os|a|o|n)\)", re.IGNORECASE)
# Placeholders that count things: a message using one must be a plural group (key.one / key.other).
COUNTS = {"count", "n", "rows", "answered", "people", "total", "candidates", "held_out"}
# Counts that stay in a leaf message, and why no plural form can be wrong there.
COUNT_LEAVES = {
    "common.band_data_sample": "shown only when the first 20,000 of more people were used: never 1",
    "problems.files.code_not_in_candidates": "{candidates} is the candidates file's name, not a count",
    "state.card_progress": "'{rated} of {total} competencies rated': total is the framework's 25",
    "state.card_few_question": "'Rated so far: {rated} of {total} competencies': total is never 1",
    "state.card_block_progress": "'1 of 5 rated in this block': no noun after the number",
    "state.weights_total": "{total} is a percent, not a count",
    "state.weights_not_100": "{total} is a percent, not a count",
    "sa_list.answered_cell": "'3 of 25': no noun after the number",
    "sa_list.option": "'3 of 25 answered': no noun after the number",
    "sa_list.title": "'stored in this workspace (1)': a count in brackets, no noun after it",
    "cpage.cards_title": "'Submitted scorecards (1)': a count in brackets, no noun after it",
    "cpage.cards_title_hidden": "'Submitted scorecards (2, hidden until ...)': a count in brackets, no noun after it",
    "sa.progress": "'Answered 1 of 25': the number is not followed by a noun",
    "sa.block_progress": "'(1 of 5 answered in this block)': no noun after the number",
    "res.to_rate_cell": "'rate 1 more': no noun",
    "res.confidence.high": "'{answered} of {total} competencies': total is the framework's 25 competencies",
    "res.confidence.medium": "as res.confidence.high",
    "res.confidence.low": "as res.confidence.high",
    "cmp.apart_title": "'...: 1': the number ends the title",
    "sal.method.fitted": "'{n} at exactly this level': no noun after the number",
    "cmp.few_targets": "shown only with a figure, so with at least MIN_TARGETS (5) candidates",
    "problems.salary.too_few_observations": "'the file has {count}': the number ends the sentence",
    "plan.closed_help": "'{closed} of {total}': weighted gaps, decimals; no noun after the numbers",
    "state.card_step_count": "'Marketing 3/5' on a block's button: no noun after the numbers",
}


def test_no_catalogue_message_writes_a_rough_plural():
    for lang in ("en", "es"):
        rough = {k: v for k, v in catalogue(lang).items() if ROUGH_PLURAL.search(v)}
        assert rough == {}, f"{lang}.yaml: use a plural group (key.one / key.other) and Messages.plural"


def test_every_count_message_is_a_plural_group():
    for lang in ("en", "es"):
        for key, text in catalogue(lang).items():
            if placeholders(text) & COUNTS and not key.endswith(PLURAL_FORMS) and key not in COUNT_LEAVES:
                pytest.fail(f"{lang}.yaml {key}: a count in a message that is not a plural group")
        groups = {k.rsplit(".", 1)[0] for k in catalogue(lang) if k.endswith(PLURAL_FORMS)}
        for group in groups:
            assert {group + ".one", group + ".other"} <= set(catalogue(lang)), group


def test_plural_forms_follow_the_language():
    en, es = Messages("en"), Messages("es")
    assert en.plural("cand.list_title", 1) == "1 candidate"
    assert en.plural("cand.list_title", 0) == "0 candidates"  # CLDR English: 0 is "other"
    assert en.plural("cand.list_title", 1234) == "1,234 candidates"
    assert es.plural("common.form_problems", 1) == "No se ha guardado: 1 problema que corregir."
    assert es.plural("common.form_problems", 2) == "No se ha guardado: 2 problemas que corregir."
    # Babel's Spanish rules (CLDR 42+) answer "many" for a million; the catalogue has no `many`, so `other`.
    assert es.plural("cand.list_title", 1_000_000) == "1.000.000 candidatos"
    assert (
        es.plural("career.provisional", 1, level="Junior")
        == "Junior (provisional: valore 1 competencia más de este puesto)"
    )
    assert es.plural("counts.selfs_apart", 1) == "1 autoevaluación guardada aparte"


# Modules whose every Problem carries a catalogue code (issue 15). The readers of smm_eval/files/,
# storage/exports_import.py, bulk_import.py, backup.py and errors.problems_from_validation are
# converted separately.
CODED_MODULES = [
    "framework.py",
    "i18n.py",
    "schemas.py",
    "team",
    "salary",
    "services",
    "agreement",
    "storage/candidates.py",
    "storage/scorecards.py",
    "storage/self_assessments.py",
    "storage/teams.py",
    "storage/vacancies.py",
    "storage/salary_datasets.py",
]
# Codes built at run time (f"role.{code}"): the prefix, and every code a module passes with it.
DYNAMIC_CODES = {
    "role.": ["unknown_ids", "missing_ids", "negative", "all_zero", "block_zero", "bad_level"],
    "scorecard.": [
        "self_rater",
        "unknown_competencies",
        "unknown_qualities",
        "unknown_red_flags",
        "bad_recommendation",
        "nothing_rated",
    ],
    "salary.": ["other_market", "not_allowed", "projects", "no_tax", "no_expected"],
    "invitations.": ["unknown", "used", "expired", "revoked"],  # InvitationRefusedError's statuses
}


def _problem_calls(path):
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem":
            yield node


def codes_in_package() -> tuple[set[str], list[str]]:
    """Every code written in a Problem(...) of the coded modules, and the calls without one."""
    import ast

    codes, uncoded = set(), []
    package = ROOT / "smm_eval"
    paths = []
    for name in CODED_MODULES:
        target = package / name
        paths += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    for path in paths:
        for call in _problem_calls(path):
            code = next((k.value for k in call.keywords if k.arg == "code"), None)
            if isinstance(code, ast.Constant):
                codes.add(code.value)
            elif isinstance(code, ast.JoinedStr) and isinstance(code.values[0], ast.Constant):
                prefix = code.values[0].value
                assert prefix in DYNAMIC_CODES, f"{path.name}:{call.lineno}: code prefix {prefix} needs DYNAMIC_CODES"
                codes.update(prefix + c for c in DYNAMIC_CODES[prefix])
            else:
                uncoded.append(f"{path.relative_to(package)}:{call.lineno}")
    return codes, uncoded


def test_every_problem_outside_the_file_readers_has_a_code_in_both_catalogues():
    codes, uncoded = codes_in_package()
    assert uncoded == [], "a Problem without a code (it would be shown in English)"
    assert len(codes) > 40
    for lang in ("en", "es"):
        messages = catalogue(lang)
        missing = sorted(c for c in codes if f"problems.{c}" not in messages and f"problems.{c}.other" not in messages)
        assert missing == [], f"problems missing in {lang}.yaml"


def test_a_problem_is_shown_in_spanish_with_its_names_and_plural():
    from smm_eval.errors import Problem

    es = Messages("es")
    block = Problem(
        "vacancy 'X'", "english", code="role.block_zero", params={"block": {"en": "Content", "es": "Contenido"}}
    )
    assert es.problem(block) == "el bloque «Contenido» tiene peso, pero todas sus competencias pesan cero"
    one = Problem("team", "english", code="team.ratings_exist", params={"count": 1})
    many = Problem("team", "english", code="team.ratings_exist", params={"count": 1200})
    assert es.problem(one) == "ya existe 1 valoración del mismo miembro, evaluador y fecha"
    assert es.problem(many) == "ya existen 1.200 valoraciones del mismo miembro, evaluador y fecha"
    assert Messages("en").problem(one) == "1 rating exists already for the same member, rater and date"


def test_the_source_of_a_problem_is_named_in_the_users_language():
    from smm_eval.errors import Problem

    es = Messages("es")
    assert es.source("team") == "Equipo"
    assert es.source("salary query") == "Consulta de salario"
    assert es.source("vacancy 'SMM lead'") == "Vacante «SMM lead»"
    assert es.source("scorecard of Irina") == "Ficha de evaluación de Irina"
    assert es.source("ratings.csv") == "ratings.csv"  # a file keeps its name
    problem = Problem("vacancy 'SMM lead'", "x", column_name="targets", code="role.missing_ids", params={"ids": "seo"})
    assert es.where(problem) == "Vacante «SMM lead», campo targets"
    assert Messages("en").where(problem) == "Vacancy “SMM lead”, field targets"
