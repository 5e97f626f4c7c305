"""The data-lifecycle sections in AppTest: a candidate's page erases the candidate once the code is
typed, and the candidates page's retention section lists and anonymises untouched candidates."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from smm_eval import storage
from smm_eval.services.lifecycle import erase_candidate
from smm_eval.settings import get_settings

from .test_blind_mode import PAGES, rendered
from .test_candidate_page import app, candidate_ids, open_page
from .test_recruiting import open_workspace, seed


def test_erasing_on_the_candidate_page_needs_the_typed_code(workspace, framework, roles):
    vacancy_id = seed(workspace, framework, roles)
    ana = candidate_ids(workspace)["Ana Morales"]
    at = open_page(app(), ana, vacancy_id)
    assert not at.exception
    assert [b.label for b in at.get("download_button") if "candidate" in b.label] == [
        "Download everything about this candidate (JSON)"
    ]
    erase = next(b for b in at.button if b.label == "Erase C0001")
    assert erase.disabled  # nothing typed yet
    next(w for w in at.text_input if w.label == "Type C0001 to confirm").input("c0002").run()
    assert next(b for b in at.button if b.label == "Erase C0001").disabled  # another code
    next(w for w in at.text_input if w.label == "Type C0001 to confirm").input("c0001").run()
    assert next(b for b in at.button if b.label == "Erase C0001").disabled  # exactly as shown, not "c0001"
    next(w for w in at.text_input if w.label == "Type C0001 to confirm").input("C0001").run()
    next(b for b in at.button if b.label == "Erase C0001").click().run()
    assert not at.exception
    assert "Candidate C0001 was erased; only the code is kept." in [s.value for s in at.success]
    assert "Ana Morales" not in candidate_ids(workspace)  # the row is the tombstone, named by its code
    assert "C0001" in candidate_ids(workspace)
    assert "C0001" not in [str(o) for o in at.selectbox[1].options]  # gone from the vacancy's candidates


def test_the_retention_section_lists_then_anonymises_after_a_confirmation(workspace, framework, roles, monkeypatch):
    seed(workspace, framework, roles)
    db = open_workspace(workspace)
    with db.transaction() as session:  # every record is from January 2020: years untouched
        old = datetime(2020, 1, 10, tzinfo=UTC)
        session.execute(update(storage.Candidate).values(created_at=old))
        session.execute(update(storage.StageChangeRecord).values(changed_at=old))
        session.execute(update(storage.Scorecard).values(submitted_at=old))
        session.execute(update(storage.SelfAssessmentRecord).values(saved_at=old))
    db.dispose()
    monkeypatch.setenv("SMM_EVAL_RETENTION_MONTHS", "24")
    get_settings.cache_clear()  # read once per process: read again with the period set
    at = app()
    at.switch_page("pages/candidates.py").run()
    assert not at.exception
    listed = at.dataframe[-1].value
    # interview_ratings.csv rates four people (C0001..C0004), all untouched since 2020-01-10.
    assert listed["Candidate"].tolist() == [
        "Ana Morales (C0001)", "Lucía Fernández (C0002)", "Борис Петров (C0003)", "Marco Rossi (C0004)",
    ]  # fmt: skip
    assert list(listed.columns) == ["Candidate", "Last activity"], listed.columns
    assert set(listed["Last activity"]) == {"Jan 10, 2020"}  # Babel's medium date (issue 15)
    next(b for b in at.button if b.label == "Anonymise 4 candidates").click().run()
    assert any("Anonymise 4 candidates untouched for 24 months?" in w.value for w in at.warning)
    asked_only = {"Ana Morales", "Lucía Fernández", "Борис Петров", "Marco Rossi"}
    assert set(candidate_ids(workspace)) == asked_only
    next(b for b in at.button if b.label == "Yes").click().run()
    assert not at.exception
    assert "4 candidates anonymised." in [s.value for s in at.success]
    assert set(candidate_ids(workspace)) == {"C0001", "C0002", "C0003", "C0004"}


def test_an_erased_candidate_is_on_no_page(workspace, framework, roles):
    vacancy_id = seed(workspace, framework, roles)
    ids = candidate_ids(workspace)
    db = open_workspace(workspace)
    erase_candidate(db, "C0001")
    db.dispose()
    for page in PAGES:
        at = app(rater_name="lead")  # lead submitted: every remaining scorecard is visible
        at.query_params["candidate"], at.query_params["vacancy"] = str(ids["Ana Morales"]), str(vacancy_id)
        at.switch_page(page).run()
        assert not at.exception, page
        shown = "\n".join(rendered(at._tree, []))
        assert "Lucía Fernández" in shown or page == "pages/vacancies.py"  # names are shown: the check can fail
        for secret in ("Morales", "ana.morales@example.com", "Runs two brand accounts today"):
            assert secret not in shown, (page, secret)
