"""Issue 15, parts 1 and 2 in AppTest: nothing typed is lost on page and language switches, a
competency can be un-answered, destructive actions confirm, the scorecard goes block by block."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from smm_eval import storage
from smm_eval.recruiting import assessed_competencies
from smm_eval.schemas import CandidateInput
from smm_eval.services.drafts import load_draft

from .test_recruiting import by_label, new_app, open_workspace, seed


def scorecard_app(workspace, framework, roles, lang: str = "en") -> tuple[AppTest, int, int]:
    vacancy_id = seed(workspace, framework, roles, with_ratings=False)
    db = open_workspace(workspace)
    with db.transaction() as session:
        candidate_id = storage.add_candidate(session, CandidateInput(name="Olga Ivanova"), vacancy_id).id
    db.dispose()
    at = new_app()
    at.session_state["lang"] = lang
    at.switch_page("pages/scorecard.py").run()
    at.text_input(key="card_rater_input").input("Irina").run()
    assert not at.exception, at.exception
    return at, vacancy_id, candidate_id


def level_radios(at: AppTest) -> list:
    return [r for r in at.radio if r.key and "_level_" in r.key]


def stored_draft(workspace, framework, vacancy_id: int, candidate_id: int):
    db = open_workspace(workspace)
    try:
        return load_draft(db, vacancy_id, candidate_id, "Irina", framework)
    finally:
        db.dispose()


def test_scorecard_goes_block_by_block_with_progress(workspace, framework, roles):
    at, vacancy_id, _ = scorecard_app(workspace, framework, roles)
    profile = storage_profile(workspace, vacancy_id)
    asked = assessed_competencies(profile, framework)
    first = [c.id for c in framework.blocks[0].competencies if c.id in asked]
    # Only the first block's competencies are on the page, not all of them.
    assert [r.key.rsplit("_", 1)[-1] for r in level_radios(at)] == [c.rsplit("_", 1)[-1] for c in first]
    assert at.progress[0].proto.text == f"0 of {len(asked)} competencies rated"
    level_radios(at)[0].set_value("3").run()
    level_radios(at)[1].set_value("0").run()  # level 0 counts as rated
    assert at.progress[0].proto.text == f"2 of {len(asked)} competencies rated"
    by_label(at.button, f"Next: {framework.blocks[1].name.en}").click().run()
    assert not at.exception, at.exception
    second = [c.id for c in framework.blocks[1].competencies if c.id in asked]
    assert [r.key.split("_level_en_")[1] for r in level_radios(at)] == second


def storage_profile(workspace, vacancy_id):
    db = open_workspace(workspace)
    with db.transaction() as session:
        profile = storage.profile_of(storage.get_vacancy(session, vacancy_id))
    db.dispose()
    return profile


def test_scorecard_draft_survives_another_page_and_the_language_and_is_stored(workspace, framework, roles):
    at, vacancy_id, candidate_id = scorecard_app(workspace, framework, roles)
    radio = level_radios(at)[0]
    competency = radio.key.split("_level_en_")[1]
    radio.set_value("3").run()
    evidence_key = f"card_{vacancy_id}_{candidate_id}_Irina_0_evidence_{competency}"
    at.text_input(key=evidence_key).input("Ran a 3-month plan").run()
    # Stored in the workspace database at once, per (vacancy, candidate, rater).
    draft = stored_draft(workspace, framework, vacancy_id, candidate_id)
    assert (dict(draft.levels), dict(draft.evidence)) == ({competency: 3}, {competency: "Ran a 3-month plan"})
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/scorecard.py").run()
    assert level_radios(at)[0].value == "3"
    assert at.text_input(key=evidence_key).value == "Ran a 3-month plan"
    # The level chosen survives a language switch (the radio's labels change, the answer does not).
    at.session_state["lang"] = "es"
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key=f"card_{vacancy_id}_{candidate_id}_Irina_0_level_es_{competency}").value == "3"


def test_a_new_session_restores_the_stored_draft(workspace, framework, roles):
    at, _, _ = scorecard_app(workspace, framework, roles)
    level_radios(at)[0].set_value("4").run()
    later = new_app()  # another session: a reload, or another day
    later.switch_page("pages/scorecard.py").run()
    later.text_input(key="card_rater_input").input("Irina").run()
    assert level_radios(later)[0].value == "4"
    assert any("Your draft of this scorecard" in i.value for i in later.info)


def test_a_level_can_be_taken_back_and_submit_removes_the_draft(workspace, framework, roles):
    at, vacancy_id, candidate_id = scorecard_app(workspace, framework, roles)
    radios = level_radios(at)
    radios[0].set_value("2").run()
    level_radios(at)[1].set_value("1").run()
    level_radios(at)[1].set_value("none").run()  # "not answered" again
    assert dict(stored_draft(workspace, framework, vacancy_id, candidate_id).levels) == {
        radios[0].key.split("_level_en_")[1]: 2
    }
    by_label(at.button, "Submit the scorecard").click().run()
    assert not at.exception, at.exception
    assert "Scorecard saved with 1 rated competency." in [s.value for s in at.success]
    assert stored_draft(workspace, framework, vacancy_id, candidate_id) is None
    db = open_workspace(workspace)
    with db.transaction() as session:
        cards = storage.scorecards_frame(session, vacancy_id)
    db.dispose()
    assert list(cards["level"]) == [2]


def test_discarding_a_draft_asks_first(workspace, framework, roles):
    at, vacancy_id, candidate_id = scorecard_app(workspace, framework, roles)
    level_radios(at)[0].set_value("2").run()
    by_label(at.button, "Discard draft").click().run()
    assert stored_draft(workspace, framework, vacancy_id, candidate_id) is not None  # only asked so far
    assert any("Discard everything chosen" in w.value for w in at.warning)
    by_label(at.button, "Cancel").click().run()
    assert stored_draft(workspace, framework, vacancy_id, candidate_id) is not None
    by_label(at.button, "Discard draft").click().run()
    by_label(at.button, "Yes").click().run()
    assert not at.exception, at.exception
    assert stored_draft(workspace, framework, vacancy_id, candidate_id) is None
    assert level_radios(at)[0].value == "none"
    assert "The draft was discarded." in [s.value for s in at.success]
