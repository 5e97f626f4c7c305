"""The salary page with a shared dataset: not anyone's default, chosen, renamed and deleted after a
confirmation (issue 18, finding 8)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from benchmarks.generators import generate_observations
from smm_eval import storage
from smm_eval.framework import load_roles
from smm_eval.salary import fit_salary_model
from smm_eval.storage import open_database

from ..conftest import ROOT


def stored_dataset(workspace) -> int:
    """A dataset another user uploaded: Moscow middles paid about 900,000 RUB a month."""
    observations = generate_observations({("middle", "moscow"): 900_000}, per_cell=60)
    db = open_database(f"sqlite:///{workspace}")
    with db.transaction() as session:
        model = fit_salary_model(observations, tuple(load_roles()))
        dataset_id = storage.save_salary_dataset(session, "someone's upload", observations, model).id
    db.dispose()
    return dataset_id


def salary_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    return at.switch_page("pages/salary.py").run()


def test_a_stored_dataset_answers_only_once_chosen_then_is_renamed_and_deleted(workspace):
    dataset_id = stored_dataset(workspace)
    at = salary_page()
    assert not at.exception
    # Before: the newest upload was every new session's choice. Now the baseline answers:
    # Moscow middle SMM manager P50 = 109,200 RUB (tests/app/test_salary_page.py).
    assert at.selectbox(key="salary_dataset__en").value == 0 and at.metric[2].value == "109,200"
    at.selectbox(key="salary_dataset__en").set_value(dataset_id).run()
    assert at.metric[2].value != "109,200"  # pooled with the chosen observations
    at.text_input(key=f"sal_rename_{dataset_id}").input("Q4 market").run()
    next(b for b in at.button if b.label == "Rename").click().run()
    assert any("is now called “Q4 market”" in s.value for s in at.success)
    next(b for b in at.button if b.label == "Delete…").click().run()
    assert any("for everyone? This cannot be undone" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Cancel").click().run()
    db = open_database(f"sqlite:///{workspace}")
    with db.transaction() as session:
        assert [d.name for d in storage.list_salary_datasets(session)] == ["Q4 market"]
    next(b for b in at.button if b.label == "Delete…").click().run()
    next(b for b in at.button if b.label == "Yes, delete it").click().run()
    assert not at.exception
    assert any("“Q4 market” was deleted" in s.value for s in at.success)
    assert at.selectbox(key="salary_dataset__en").value == 0 and at.metric[2].value == "109,200"
    with db.transaction() as session:
        assert storage.list_salary_datasets(session) == []
    db.dispose()


def test_a_dataset_deleted_elsewhere_stops_answering(workspace):
    dataset_id = stored_dataset(workspace)
    at = salary_page()
    at.selectbox(key="salary_dataset__en").set_value(dataset_id).run()
    db = open_database(f"sqlite:///{workspace}")
    with db.transaction() as session:  # the command line deletes it while the page is open
        storage.delete_salary_dataset(session, dataset_id)
    db.dispose()
    at.run()
    assert not at.exception and at.metric[2].value == "109,200"
