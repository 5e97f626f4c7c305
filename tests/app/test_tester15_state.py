"""A fresh tester's findings 1 and 5 of issue 15 in AppTest: the role box after My results and a
language switch, and a scorecard submit that asks first when few competencies are rated and says
so in sight (the Playwright side: tests/e2e/test_tester15_state.py)."""

from __future__ import annotations

from smm_eval import storage
from smm_eval.recruiting import assessed_competencies

from .test_recruiting import by_label, new_app, open_workspace
from .test_state import level_radios, scorecard_app, storage_profile, stored_draft


def test_a_level_can_be_taken_back_and_submit_removes_the_draft(workspace, framework, roles):
    at, vacancy_id, candidate_id = scorecard_app(workspace, framework, roles)
    radios = level_radios(at)
    radios[0].set_value("2").run()
    level_radios(at)[1].set_value("1").run()
    level_radios(at)[1].set_value("none").run()  # "not answered" again
    assert dict(stored_draft(workspace, framework, vacancy_id, candidate_id).levels) == {
        radios[0].key.split("_level_en_")[1]: 2
    }
    # Tester of issue 15, finding 5: a 1-of-N card was submitted at once, with no feedback in sight.
    # Now 1 rated (fewer than half of those asked) asks first, and nothing is stored until "Submit anyway".
    by_label(at.button, "Submit the scorecard").click().run()
    asked = len(assessed_competencies(storage_profile(workspace, vacancy_id), framework))
    assert any(w.value.startswith(f"Rated so far: 1 of {asked} competencies.") for w in at.warning)
    assert stored_draft(workspace, framework, vacancy_id, candidate_id) is not None  # only asked so far
    by_label(at.button, "Submit anyway").click().run()
    assert not at.exception, at.exception
    assert "Scorecard saved with 1 rated competency." in [s.value for s in at.success]
    # A toast too, in sight however far the page is scrolled; the notice stays on the next run (a
    # run cut short by another click no longer loses it), without a second toast.
    assert [x.value for x in at.toast] == ["Scorecard saved with 1 rated competency."]
    at.run()
    assert "Scorecard saved with 1 rated competency." in [s.value for s in at.success]
    assert not at.toast
    assert stored_draft(workspace, framework, vacancy_id, candidate_id) is None
    db = open_workspace(workspace)
    with db.transaction() as session:
        cards = storage.scorecards_frame(session, vacancy_id)
    db.dispose()
    assert list(cards["level"]) == [2]
    level_radios(at)[1].set_value("3").run()  # working on the card again: the notice goes
    assert "Scorecard saved with 1 rated competency." not in [s.value for s in at.success]


def test_the_role_chosen_survives_my_results_then_a_language_switch_then_the_self_assessment(framework):
    # Tester of issue 15, finding 1: analyst chosen on Self-assessment, My results, Español, back to
    # Self-assessment: the box showed "not sure" (the same key on another page is another widget,
    # and the stale value under the key stopped it being seeded) while the role in use stayed analyst.
    at = new_app()
    at.switch_page("pages/self_assessment.py").run()
    at.selectbox(key="sa_role_choice__en").set_value("smm_analyst").run()
    at.session_state["sa_answers"] = {c: 2 for c in framework.competency_ids[:4]}
    at.switch_page("pages/results.py").run()
    assert at.selectbox(key="sa_role_choice__en").value == "smm_analyst"
    at.session_state["lang"] = "es"
    at.run()
    assert at.selectbox(key="sa_role_choice__es").value == "smm_analyst"
    at.switch_page("pages/self_assessment.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="sa_role_choice__es").value == "smm_analyst"
    # "not sure" chosen there is the role in use on My results too.
    at.selectbox(key="sa_role_choice__es").set_value("not_sure").run()
    at.switch_page("pages/results.py").run()
    assert at.selectbox(key="sa_role_choice__es").value == "not_sure"
    assert at.session_state["sa_role"] is None
