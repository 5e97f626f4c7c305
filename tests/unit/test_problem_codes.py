"""Every problem code written in smm_eval has its text in both catalogues, with placeholders the
code fills; pydantic errors map to catalogue codes, never to pydantic's English on a Spanish page."""

from __future__ import annotations

import ast
import re
import string

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from smm_eval.errors import PYDANTIC_TYPES, Problem, problems_from_validation
from smm_eval.i18n import Messages, catalogue

from ..conftest import ROOT

CODE_TEXT = re.compile(r"^(?:files|pydantic|salary|team|recruiting|storage|forms|data|locking)\.[a-z0-9_]+$")
# What `Table.located` (and the tidy reader's local `located`) add to every problem's params.
LOCATED_PARAMS = {"value", "column", "limit"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _dict_keys(node: ast.AST | None, assigned: dict[str, set[str]]) -> set[str] | None:
    """The constant keys of a dict literal, or of the dicts assigned to a name in the function; None: unknown."""
    if isinstance(node, ast.Dict):
        keys = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
        return keys if all(isinstance(k, ast.Constant) for k in node.keys) else None
    if isinstance(node, ast.Name) and node.id in assigned:
        return assigned[node.id]
    return None


def _constants(node: ast.AST) -> list[str]:
    """Code texts a code argument can be: a constant, a lambda or conditional of constants."""
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def codes_in_package() -> dict[str, list[tuple[str, set[str] | None]]]:
    """code -> [(where, params it is given: keys, or None when not known statically)]."""
    found: dict[str, list[tuple[str, set[str] | None]]] = {}
    for path in sorted((ROOT / "smm_eval").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
            assigned: dict[str, set[str]] = {}
            for node in ast.walk(function):
                if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Dict):
                    for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                        if isinstance(target, ast.Name):
                            keys = _dict_keys(node.value, {})
                            assigned[target.id] = (assigned.get(target.id) or set()) | (keys or set())
            for node in ast.walk(function):
                if not isinstance(node, ast.Call):
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                keywords = {k.arg: k.value for k in node.keywords}
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if "code" in keywords:
                    params = _dict_keys(keywords.get("params"), assigned) if "params" in keywords else set()
                    for code in _constants(keywords["code"]):
                        if CODE_TEXT.match(code):
                            found.setdefault(code, []).append((where, params))
                elif name == "located":
                    dicts = [_dict_keys(a, assigned) for a in node.args if isinstance(a, ast.Dict | ast.Name)]
                    given = set().union(*[keys for keys in dicts if keys is not None])
                    for arg in node.args:
                        for code in _constants(arg):
                            if CODE_TEXT.match(code):
                                found.setdefault(code, []).append((where, LOCATED_PARAMS | given))
        for node in ast.walk(tree):  # codes returned by helpers (e.g. ratings._level_code)
            if isinstance(node, ast.Return) and node.value is not None:
                for code in _constants(node.value):
                    if CODE_TEXT.match(code):
                        found.setdefault(code, []).append((f"{path.relative_to(ROOT)}:{node.lineno}", None))
    return found


def test_every_problem_code_is_in_both_catalogues_with_the_params_it_is_given():
    found = codes_in_package()
    assert len(found) > 90  # the files, forms and storage problems alone are over 90 codes
    en, es = catalogue("en"), catalogue("es")
    for code, uses in found.items():
        key = f"problems.{code}"
        if key + ".other" in en:  # a plural group (Messages.problem picks the form by params["count"])
            key += ".other"
        assert key in en and key in es, f"{key} missing ({uses[0][0]})"
        for where, params in uses:
            if params is not None:
                missing = placeholders(en[key]) - params
                assert not missing, f"{where}: {key} needs {missing}, the code gives {params}"


def test_every_pydantic_type_and_the_fallback_are_in_both_catalogues():
    for lang in ("en", "es"):
        texts = catalogue(lang)
        for kind in [*PYDANTIC_TYPES, "invalid", "required"]:
            assert f"problems.pydantic.{kind}" in texts, (lang, kind)


class _Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=5)
    level: int = Field(ge=0, le=4)
    kind: str = Field(pattern="^(a|b)$")


@pytest.mark.parametrize(
    ("document", "english", "spanish"),
    [
        ({"name": "", "level": 1, "kind": "a"}, "String should have at least 1 character", "es obligatorio"),
        ({"name": "abcdefgh", "level": 1, "kind": "a"}, "String should have at most 5 characters",
         "debe tener como máximo 5 caracteres"),
        ({"name": "a", "level": 7, "kind": "a"}, "Input should be less than or equal to 4", "debe ser como máximo 4"),
        ({"name": "a", "level": "x", "kind": "a"}, "Input should be a valid integer", "debe ser un número entero"),
        ({"name": "a", "kind": "a"}, "Field required", "este campo es obligatorio"),
        ({"name": "a", "level": 1, "kind": "a", "more": 1}, "Extra inputs are not permitted",
         "este campo no se espera aquí"),
    ],
)  # fmt: skip
def test_pydantic_errors_are_shown_in_the_users_language(document, english, spanish):
    with pytest.raises(ValidationError) as caught:
        _Sample.model_validate(document)
    (problem,) = problems_from_validation(caught.value, "x.json")
    assert problem.message.startswith(english)  # the command line keeps pydantic's English
    assert Messages("es").problem(problem) == spanish


def test_an_empty_required_text_is_required_and_a_longer_minimum_keeps_its_count():
    class Form(BaseModel):
        title: str = Field(min_length=1)
        code: str = Field(min_length=3)

    with pytest.raises(ValidationError) as caught:
        Form(title="", code="ab")
    required, short = problems_from_validation(caught.value, "New vacancy")
    assert (required.code, short.code) == ("pydantic.required", "pydantic.string_too_short")
    assert [Messages("en").problem(p) for p in (required, short)] == ["is required", "must have at least 3 characters"]
    assert Messages("es").problem(required) == "es obligatorio"


def test_a_budget_from_above_its_to_names_both_fields_with_the_amounts():
    from smm_eval.schemas import VacancySpec

    with pytest.raises(ValidationError) as caught:
        VacancySpec(
            title="SMM lead", role_id="smm_manager", block_weights={}, competency_weights={}, targets={},
            budget_min=120_000, budget_max=80_000,
        )  # fmt: skip
    (problem,) = problems_from_validation(caught.value, "New vacancy")
    assert (problem.code, problem.params) == ("pydantic.budget_order", {"budget_min": 120_000, "budget_max": 80_000})
    assert problem.message == "budget from (120000) is above budget to (80000)"  # the command line's English
    # Whole numbers with each language's thousands separator (CLDR: "," in English, "." in Spanish).
    assert Messages("en").problem(problem) == "budget from (120,000) is above budget to (80,000)"
    spanish = "el presupuesto desde (120.000) es mayor que el presupuesto hasta (80.000)"
    assert Messages("es").problem(problem) == spanish


def test_an_unknown_pydantic_type_falls_back_to_invalid_value():
    class Odd(BaseModel):
        when: complex

    with pytest.raises(ValidationError) as caught:
        Odd.model_validate({"when": []})
    (problem,) = problems_from_validation(caught.value, "x.json")
    assert problem.code == "pydantic.invalid"  # complex_type is not in PYDANTIC_TYPES
    assert Messages("es").problem(problem) == "valor no válido"


def test_a_literal_error_lists_the_allowed_values_without_english():
    from typing import Literal

    class Pick(BaseModel):
        stage: Literal["new", "interview", "offer"]

    with pytest.raises(ValidationError) as caught:
        Pick.model_validate({"stage": "x"})
    (problem,) = problems_from_validation(caught.value, "x.json")
    # pydantic's ctx says "'new', 'interview' or 'offer'"; the "or" is English.
    assert Messages("es").problem(problem) == "debe ser uno de estos valores: 'new', 'interview', 'offer'"


def test_a_file_problem_reads_in_spanish():
    problem = Problem("r.csv", "level '3,5' is not a whole number; expected 0, 1, 2, 3 or 4", 3, 2, "copywriting",
                      code="files.level_not_whole", params={"value": "3,5", "column": "copywriting"})  # fmt: skip
    t = Messages("es")
    assert t.problem(problem) == "el nivel «3,5» no es un número entero; se espera 0, 1, 2, 3 o 4"
    assert t.where(problem) == "r.csv, línea 3, columna 2 (copywriting)"
