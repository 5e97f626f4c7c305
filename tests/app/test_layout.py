"""Issue 15, key figures in sight: the compare ranking's columns, the over-budget mark and the
numbers in the page's language (AppTest on a temporary SQLite workspace)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from smm_eval import storage
from smm_eval.files.candidates import read_candidates
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.recruiting import vacancy_from_role
from smm_eval.storage import open_database

from ..conftest import ROOT

SAMPLES = ROOT / "data" / "samples"


def seed_with_budget(workspace, framework, roles) -> None:
    """The sample interview, for a vacancy with a budget of 80,000–120,000 RUB a month, where Lucía
    asks 150,000 (the sample's 90,000 raised) and Marco 35,000."""
    spec = vacancy_from_role("SMM lead", roles["smm_manager"]).model_copy(
        update={"budget_min": 80_000, "budget_max": 120_000}
    )
    people_csv = (SAMPLES / "candidates.csv").read_text(encoding="utf-8").replace(",90000,", ",150000,")
    db = open_database(f"sqlite:///{workspace}")
    with db.transaction() as session:
        storage.create_vacancy(session, spec, framework, roles)
        table = read_wide_ratings((SAMPLES / "interview_ratings.csv").read_bytes(), "r.csv", framework.competency_ids)
        people = read_candidates(people_csv.encode("utf-8"), "c.csv")
        storage.import_ratings(session, table, "SMM lead", None, framework, roles, candidates=people)
    db.dispose()


def compare_page(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("pages/compare.py").run()
    assert not at.exception, at.exception
    return at


def test_the_ranking_shows_the_key_figures_and_marks_an_over_budget_candidate(workspace, framework, roles):
    seed_with_budget(workspace, framework, roles)
    at = compare_page("en")
    ranking = at.dataframe[0].value.set_index("Candidate")
    # Before: 15 columns, "against budget" off screen, and the over-budget candidate said "Above" only.
    assert list(ranking.columns) == [
        "Overall (band)", "Fit", "Knock-outs", "Confidence", "Expected pay", "Market", "Budget",
    ]  # fmt: skip
    lucia, marco = "Lucía Fernández (C0002)", "Marco Rossi (C0004)"
    assert ranking.at[lucia, "Expected pay"] == "150,000 RUB gross"
    assert ranking.at[lucia, "Budget"] == "⚠ Over: +30,000 RUB"  # 150,000 − 120,000
    assert ranking.at[marco, "Budget"] == "▼ Under"  # 35,000 < 80,000
    assert ranking.at[lucia, "Market"] == "● Within"
    # The fit in the results headline's unit (percent), the overall with its band in one cell.
    assert all(f.endswith("%") for f in ranking["Fit"])
    assert all(" (" in o and "–" in o for o in ranking["Overall (band)"])
    assert_nothing_narrowed(at)
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Over budget: Lucía Fernández (C0002).") and "120,000 RUB" in w for w in warnings)


def test_the_ranking_in_spanish_uses_spanish_numbers(workspace, framework, roles):
    seed_with_budget(workspace, framework, roles)
    at = compare_page("es")
    ranking = at.dataframe[0].value.set_index("Candidato")
    assert ranking.at["Lucía Fernández (C0002)", "Presupuesto"] == "⚠ Excede: +30.000 RUB"
    assert ranking.at["Lucía Fernández (C0002)", "Salario esperado"] == "150.000 RUB bruto"
    assert all(f.endswith("%") and "." not in f for f in ranking["Encaje"])
    assert_nothing_narrowed(at)


def assert_nothing_narrowed(at: AppTest) -> None:
    """The ranking's columns got the widths their header and longest cell need (none narrowed),
    and together they fit the page's column (pages._ui.MAIN_WIDTH, 936 px of the grid's 938 at 1400 px)."""
    import json

    from pages._ui import MAIN_WIDTH
    from smm_eval.table_layout import natural_widths

    grid = at.dataframe[0]
    widths = {name: c["width"] for name, c in json.loads(grid.proto.columns).items() if "width" in c}
    assert widths == natural_widths(grid.value)
    assert sum(widths.values()) <= MAIN_WIDTH, widths


@pytest.mark.parametrize("lang", ["en", "es"])
def test_results_weights_are_text_in_the_page_language(lang):
    # Finding: the Spanish blocks table hid the weight column; the weights are now formatted text.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.session_state["sa_answers"] = {"copywriting": 3, "seo_basics": 2, "project_planning": 2}
    at.switch_page("pages/results.py").run()
    assert not at.exception, at.exception
    weight = {"en": "Weight", "es": "Peso"}[lang]
    blocks = next(df.value for df in at.dataframe if weight in df.value.columns)
    # smm_manager is not chosen: the weights are those of the role used, each a whole percent.
    assert all(w.replace("\xa0", "").endswith("%") for w in blocks[weight])


@pytest.mark.parametrize(
    ("lang", "decimal", "thousands", "march"), [("en", ".", ",", "March"), ("es", ",", ".", "marzo")]
)
def test_every_team_chart_carries_the_page_language_number_and_date_locale(
    workspace, framework, roles, lang, decimal, thousands, march
):
    # Finding: charts used English separators and month names while the text used Spanish ones.
    import json

    from smm_eval.services.teams import import_team
    from smm_eval.services.workspace import open_workspace

    import_team(
        open_workspace(f"sqlite:///{workspace}"), "Content team", (SAMPLES / "team.csv").read_bytes(), "team.csv",
        framework, roles,
    )  # fmt: skip
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page("pages/team.py").run()
    assert not at.exception, at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert len(charts) == 3  # matrix, radar, progress
    for spec in charts:
        locale = spec["config"]["locale"]
        assert (locale["number"]["decimal"], locale["number"]["thousands"]) == (decimal, thousands)
        assert locale["time"]["months"][2] == march
