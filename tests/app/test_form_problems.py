"""Form problems in the user's language (issue 15): every problem shown is counted, "Where" names
the field by the label the form shows, an empty required field "is required", a budget whose
"from" is above its "to" says so with both amounts, and a candidate added by hand under a stored
candidate's name written differently is refused. AppTest on a temporary SQLite workspace."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from smm_eval import storage
from smm_eval.schemas import CandidateInput

from ..conftest import ROOT
from .test_recruiting import by_label, open_workspace, seed

VACANCY = {
    "en": {"title": "Title", "from": "Budget from", "to": "Budget to", "create": "Create the vacancy"},
    "es": {"title": "Título", "from": "Presupuesto desde", "to": "Presupuesto hasta", "create": "Crear la vacante"},
}
CANDIDATE = {
    "en": {"name": "Name", "salary": "Expected salary", "add": "Add the candidate"},
    "es": {"name": "Nombre", "salary": "Salario esperado", "add": "Añadir el candidato"},
}


def page(name: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    return at.switch_page(f"pages/{name}.py").run()


def problems_table(at: AppTest) -> list[tuple[str, str]]:
    """The rows (where, problem) of the problem table under the form's error heading."""
    (table,) = [d.value for d in at.dataframe if isinstance(d.value, pd.DataFrame) and d.value.shape[1] == 2]
    return [tuple(row) for row in table.itertuples(index=False)]


def stored_vacancies(workspace) -> int:
    db = open_workspace(workspace)
    with db.transaction() as session:
        count = len(storage.list_vacancies(session))
    db.dispose()
    return count


@pytest.mark.parametrize(
    ("lang", "heading", "rows"),
    [
        ("en", "Not saved: 2 problems to fix.", [
            ("New vacancy, field Title", "is required"),
            ("New vacancy, field Budget from", "“abc” is not an amount of money: write digits, with spaces or "
             "commas between thousands if you like (120 000)"),
        ]),
        ("es", "No se ha guardado: 2 problemas que corregir.", [
            ("Nueva vacante, campo Título", "es obligatorio"),
            ("Nueva vacante, campo Presupuesto desde", "«abc» no es una cantidad de dinero: escriba cifras, con "
             "espacios o puntos entre los miles si lo desea (120 000)"),
        ]),
    ],
)  # fmt: skip
def test_an_empty_title_and_an_unreadable_budget_are_two_problems_counted_and_named(workspace, lang, heading, rows):
    words = VACANCY[lang]
    at = page("vacancies", lang)
    by_label(at.text_input, words["from"]).input("abc").run()
    by_label(at.button, words["create"]).click().run()
    assert not at.exception
    assert [e.value for e in at.error][-1] == heading  # the box's own message, then the form's heading
    assert problems_table(at) == rows
    assert stored_vacancies(workspace) == 0


def test_an_unreadable_budget_alone_refuses_the_vacancy(workspace):
    """Before, a title with a budget "abc" was saved without a budget while the box showed an error."""
    at = page("vacancies", "en")
    by_label(at.text_input, "Title").input("SMM lead")
    by_label(at.text_input, "Budget to").input("abc").run()
    by_label(at.button, "Create the vacancy").click().run()
    assert not at.exception
    assert [e.value for e in at.error][-1] == "Not saved: 1 problem to fix."
    assert [where for where, _ in problems_table(at)] == ["New vacancy, field Budget to"]
    assert stored_vacancies(workspace) == 0


@pytest.mark.parametrize(
    ("lang", "where", "problem"),
    [
        ("en", "New vacancy", "budget from (120,000) is above budget to (80,000)"),
        ("es", "Nueva vacante", "el presupuesto desde (120.000) es mayor que el presupuesto hasta (80.000)"),
    ],
)
def test_a_budget_from_above_to_names_both_fields_and_amounts(workspace, lang, where, problem):
    words = VACANCY[lang]
    at = page("vacancies", lang)
    by_label(at.text_input, words["title"]).input("SMM lead")
    by_label(at.text_input, words["from"]).input("120 000")
    by_label(at.text_input, words["to"]).input("80 000").run()
    by_label(at.button, words["create"]).click().run()
    assert not at.exception
    assert problems_table(at) == [(where, problem)]
    assert stored_vacancies(workspace) == 0


@pytest.mark.parametrize(
    ("lang", "heading", "row"),
    [
        ("en", "Not saved: 1 problem to fix.", ("Add by hand, field Name", "is required")),
        ("es", "No se ha guardado: 1 problema que corregir.", ("Añadir a mano, campo Nombre", "es obligatorio")),
    ],
)
def test_an_empty_candidate_name_is_required_under_its_label(workspace, framework, roles, lang, heading, row):
    seed(workspace, framework, roles, with_ratings=False)
    at = page("candidates", lang)
    by_label(at.button, CANDIDATE[lang]["add"]).click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [heading]
    assert problems_table(at) == [row]


def test_a_name_written_differently_by_hand_is_the_stored_candidate(workspace, framework, roles):
    vacancy_id = seed(workspace, framework, roles, with_ratings=False)
    db = open_workspace(workspace)
    with db.transaction() as session:
        storage.add_candidate(session, CandidateInput(name="Ana Morales"), vacancy_id)
    at = page("candidates", "en")
    by_label(at.text_input, "Name").input("  ana   MORALES ").run()
    by_label(at.button, "Add the candidate").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Not saved: 1 problem to fix."]
    ((_, problem),) = problems_table(at)
    assert problem == "a candidate named “Ana Morales” exists already"  # the stored name, as first written
    with db.transaction() as session:
        assert [c.name for c in session.query(storage.Candidate)] == ["Ana Morales"]
    db.dispose()
