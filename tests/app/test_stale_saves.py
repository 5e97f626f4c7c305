"""Issue 18, finding 1 in AppTest: two sessions of one rater open a scorecard; the first submits;
the second's submit is refused with who and when, its input stays on the form, and it can submit
it over the saved version on purpose."""

from __future__ import annotations

from smm_eval import storage

from .test_recruiting import by_label, new_app, open_workspace
from .test_state import level_radios, scorecard_app, submit_card


def _stored_levels(workspace, vacancy_id: int) -> list[tuple[int, int]]:
    db = open_workspace(workspace)
    with db.transaction() as session:
        cards = storage.scorecards_frame(session, vacancy_id)
    db.dispose()
    return list(zip(cards["level"], cards["version"], strict=True))


def test_second_session_submit_is_refused_and_keeps_its_input(workspace, framework, roles):
    first, vacancy_id, _ = scorecard_app(workspace, framework, roles)
    second = new_app()  # the same rater in another tab, opened before the first submits
    second.switch_page("pages/scorecard.py").run()
    second.text_input(key="card_rater_input").input("Irina").run()
    level_radios(first)[0].set_value("3").run()
    submit_card(first)  # 1 rated: confirmed
    assert _stored_levels(workspace, vacancy_id) == [(3, 1)]

    level_radios(second)[0].set_value("1").run()
    submit_card(second)  # 1 rated: confirmed
    assert not second.exception, second.exception
    errors = [e.value for e in second.error]
    # Personal mode: the user has no name in the trail, so the card's rater is named.
    assert any(e.startswith("Not saved: Irina saved a newer version at ") for e in errors), errors
    assert not any("Scorecard saved" in s.value for s in second.success)  # never "saved" when it was not
    assert not any("You submitted this scorecard" in s.value for s in second.success)
    assert any("A newer version of this scorecard (version 1)" in w.value for w in second.warning)
    assert _stored_levels(workspace, vacancy_id) == [(3, 1)]  # the first submit stands
    assert level_radios(second)[0].value == "1"  # the second session's input is still on the form

    # Retry on purpose: start from the saved version 1 with this input, then submit as an edit.
    by_label(second.button, "Keep my input over the saved version").click().run()
    assert level_radios(second)[0].value == "1"
    submit_card(second)  # 1 rated: confirmed
    assert not second.exception, second.exception
    assert _stored_levels(workspace, vacancy_id) == [(1, 2)]
    # The first session, still on version 1, is now the stale one: its next submit is refused.
    level_radios(first)[0].set_value("4").run()
    submit_card(first)  # 1 rated: confirmed
    assert any(e.value.startswith("Not saved: Irina saved") for e in first.error)
    assert _stored_levels(workspace, vacancy_id) == [(1, 2)]


def test_salary_dataset_renamed_elsewhere_refuses_this_rename_and_delete(workspace):
    from .test_salary_datasets_page import salary_page, stored_dataset

    dataset_id = stored_dataset(workspace)
    at = salary_page()
    at.selectbox(key="salary_dataset__en").set_value(dataset_id).run()
    db = open_workspace(workspace)
    with db.transaction() as session:  # the command line renames it while the page is open (version 2)
        storage.rename_salary_dataset(session, dataset_id, "Q4 (checked)")
    at.text_input(key=f"sal_rename_{dataset_id}").input("Q4 market").run()
    next(b for b in at.button if b.label == "Rename").click().run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any(e.startswith("Not saved: command line saved a newer version at ") for e in errors), errors
    assert at.text_input(key=f"sal_rename_{dataset_id}").value == "Q4 market"  # the typed name is kept
    with db.transaction() as session:
        assert [d.name for d in storage.list_salary_datasets(session)] == ["Q4 (checked)"]
    next(b for b in at.button if b.label == "Delete…").click().run()  # asks about "Q4 (checked)"
    with db.transaction() as session:  # renamed again while the question is open: the "yes" is stale
        storage.rename_salary_dataset(session, dataset_id, "Q4 final")
    next(b for b in at.button if b.label == "Yes, delete it").click().run()
    assert any(e.value.startswith("Not saved: command line saved") for e in at.error)
    with db.transaction() as session:
        assert [d.name for d in storage.list_salary_datasets(session)] == ["Q4 final"]
    db.dispose()
