"""Issue 15, parts 1 and 2 in AppTest: nothing typed is lost on page and language switches, a
competency can be un-answered, destructive actions confirm, the scorecard goes block by block."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from smm_eval import storage
from smm_eval.recruiting import assessed_competencies
from smm_eval.schemas import CandidateInput
from smm_eval.services.drafts import load_draft

from .test_pages import open_block_of
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


def submit_card(at: AppTest) -> None:
    """Submit the scorecard, confirming when few competencies are rated ("Submit anyway")."""
    by_label(at.button, "Submit the scorecard").click().run()
    if any(b.label == "Submit anyway" for b in at.button):
        by_label(at.button, "Submit anyway").click().run()


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


def vacancy_in_storage(workspace):
    db = open_workspace(workspace)
    with db.transaction() as session:
        vacancies = storage.list_vacancies(session)
    db.dispose()
    return vacancies


def test_a_failed_create_keeps_what_was_typed_across_pages_and_languages(workspace):
    at = new_app()
    at.switch_page("pages/vacancies.py").run()
    by_label(at.text_input, "Budget from").input("120 000").run()
    by_label(at.text_input, "Budget to").input("150,000").run()
    by_label(at.selectbox, "Start from the role").set_value("smm_analyst").run()
    by_label(at.button, "Create the vacancy").click().run()  # no title: refused
    assert not at.exception, at.exception
    assert at.error and "Not saved" in at.error[0].value
    assert vacancy_in_storage(workspace) == []
    # Before issue 15 the form was cleared on submit; now the amounts stay, written with separators.
    assert [by_label(at.text_input, label).value for label in ("Budget from", "Budget to")] == ["120,000", "150,000"]
    at.switch_page("pages/home.py").run()
    at.session_state["lang"] = "es"
    at.switch_page("pages/vacancies.py").run()
    assert [by_label(at.text_input, label).value for label in ("Presupuesto desde", "Presupuesto hasta")] == [
        "120.000",
        "150.000",
    ]  # Spanish thousands separators
    assert by_label(at.selectbox, "Partir del puesto").value == "smm_analyst"
    by_label(at.text_input, "Título").input("Analista SMM").run()
    by_label(at.button, "Crear la vacante").click().run()
    assert not at.exception, at.exception
    (vacancy,) = vacancy_in_storage(workspace)
    assert (vacancy.title, vacancy.role_id, vacancy.budget_min, vacancy.budget_max) == (
        "Analista SMM", "smm_analyst", 120000, 150000,
    )  # fmt: skip
    assert by_label(at.text_input, "Título").value == ""  # created: the next form starts empty


def test_text_that_is_not_an_amount_is_named_and_not_stored(workspace):
    at = new_app()
    at.switch_page("pages/vacancies.py").run()
    by_label(at.text_input, "Budget to").input("about 90k").run()
    assert "“about 90k” is not an amount of money" in at.error[0].value
    assert at.session_state["vac_new_budget_max"] is None


def test_block_weights_must_reach_100_or_be_rescaled_as_previewed(workspace, framework, roles):
    seed(workspace, framework, roles, with_ratings=False)  # smm_manager: 22, 13, 27, 20, 18
    at = new_app()
    at.switch_page("pages/vacancies.py").run()
    assert at.progress[0].proto.text == "Block weights add up to 100.0% of 100%"
    by_label(at.number_input, "Creative").set_value(8.0).run()  # 22 + 13 + 27 + 20 + 8 = 90
    assert at.progress[0].proto.text == "Block weights add up to 90.0% of 100%"
    assert by_label(at.button, "Save the vacancy").disabled
    preview = at.dataframe[0].value
    # Rescaled: 22/90*100 = 24.44, 13/90*100 = 14.44, 27/90*100 = 30.00, 20/90*100 = 22.22, 8/90*100 = 8.89
    assert list(preview["Rescaled to 100% (%)"]) == ["24.44", "14.44", "30.00", "22.22", "8.89"]
    by_label(at.button, "Rescale the weights to 100%").click().run()
    assert at.progress[0].proto.text == "Block weights add up to 100.0% of 100%"  # 99.99, within 0.05
    assert not by_label(at.button, "Save the vacancy").disabled
    by_label(at.button, "Save the vacancy").click().run()
    assert not at.exception, at.exception
    (vacancy,) = vacancy_in_storage(workspace)
    assert vacancy.block_weights["creative"] == 8.89 and vacancy.block_weights["smm"] == 30.0


def stages(workspace, vacancy_id):
    db = open_workspace(workspace)
    with db.transaction() as session:
        frame = storage.applications_frame(session, vacancy_id)
    db.dispose()
    return dict(zip(frame["name"], frame["stage"], strict=True))


def code(workspace, vacancy_id) -> str:
    db = open_workspace(workspace)
    with db.transaction() as session:
        frame = storage.applications_frame(session, vacancy_id)
    db.dispose()
    return str(frame["code"].iloc[0])


def candidates_app(workspace, framework, roles) -> tuple[AppTest, int]:
    vacancy_id = seed(workspace, framework, roles, with_ratings=False)
    db = open_workspace(workspace)
    with db.transaction() as session:
        storage.add_candidate(session, CandidateInput(name="Olga Ivanova"), vacancy_id)
    db.dispose()
    at = new_app()
    at.switch_page("pages/candidates.py").run()
    assert not at.exception, at.exception
    return at, vacancy_id


def test_a_stage_change_is_confirmed_before_it_is_saved(workspace, framework, roles):
    at, vacancy_id = candidates_app(workspace, framework, roles)
    by_label(at.selectbox, "New stage").set_value("interview").run()
    by_label(at.button, "Move to “Interview”…").click().run()
    assert [w.value for w in at.warning if w.value.startswith("Move")] == [
        f"Move Olga Ivanova ({code(workspace, vacancy_id)}) from “New” to “Interview”?"
    ]
    assert stages(workspace, vacancy_id) == {"Olga Ivanova": "new"}  # asked, not saved
    by_label(at.button, "Yes, move").click().run()
    assert not at.exception, at.exception
    assert stages(workspace, vacancy_id) == {"Olga Ivanova": "interview"}
    assert f"Olga Ivanova ({code(workspace, vacancy_id)}) moved to “Interview”." in [s.value for s in at.success]


def test_a_stale_stage_change_is_refused_not_overwritten(workspace, framework, roles):
    at, vacancy_id = candidates_app(workspace, framework, roles)
    other = new_app()  # a colleague moves her first
    other.switch_page("pages/candidates.py").run()
    by_label(other.selectbox, "New stage").set_value("rejected").run()
    by_label(other.button, "Move to “Rejected”…").click().run()
    by_label(other.button, "Yes, move").click().run()
    by_label(at.selectbox, "New stage").set_value("offer").run()
    by_label(at.button, "Move to “Offer”…").click().run()
    by_label(at.button, "Yes, move").click().run()
    assert not at.exception, at.exception
    assert stages(workspace, vacancy_id) == {"Olga Ivanova": "rejected"}  # the colleague's change stands
    assert "someone else changed the stage of Olga Ivanova" in at.error[0].value
    assert "Now at stage “Rejected”" in " ".join(c.value for c in at.caption)


def test_a_refused_candidate_keeps_the_form_and_the_salary_takes_separators(workspace, framework, roles):
    at, vacancy_id = candidates_app(workspace, framework, roles)
    by_label(at.text_input, "Expected salary").input("150 000").run()
    by_label(at.button, "Add the candidate").click().run()  # no name: refused
    assert "Not saved" in at.error[0].value
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/candidates.py").run()
    assert by_label(at.text_input, "Expected salary").value == "150,000"
    by_label(at.text_input, "Name").input("Jane Doe").run()
    by_label(at.button, "Add the candidate").click().run()
    db = open_workspace(workspace)
    with db.transaction() as session:
        frame = storage.applications_frame(session, vacancy_id)
    db.dispose()
    assert frame.set_index("name").at["Jane Doe", "expected_salary"] == 150000


def test_plan_budget_and_hours_survive_page_and_language_switches():
    from .test_team_pages import import_team

    at = new_app()
    import_team(at)
    at.switch_page("pages/team_plan.py").run()
    assert at.text_input(key="plan_budget__w_en").value == "100,000"  # the default, with separators
    at.text_input(key="plan_budget__w_en").input("30 000").run()
    at.number_input(key="plan_hours__w").set_value(40).run()
    at.switch_page("pages/team.py").run()
    at.session_state["lang"] = "es"
    at.switch_page("pages/team_plan.py").run()
    assert not at.exception, at.exception
    assert (at.text_input(key="plan_budget__w_es").value, at.number_input(key="plan_hours__w").value) == (
        "30.000",
        40,
    )
    assert at.session_state["plan_budget"] == 30_000


def test_salary_projects_survive_page_and_language_switches():
    at = new_app()
    at.switch_page("pages/salary.py").run()
    at.number_input(key="sal_projects__w").set_value(3).run()
    at.switch_page("pages/home.py").run()
    at.session_state["lang"] = "es"
    at.switch_page("pages/salary.py").run()
    assert not at.exception, at.exception
    assert at.number_input(key="sal_projects__w").value == 3


def test_the_form_import_duplicates_choice_survives_a_language_switch():
    from .test_form_import import form_page, upload_c13

    at = upload_c13(form_page())
    at.radio[0].set_value("keep_latest").run()
    at.session_state["lang"] = "es"
    at.run()
    assert not at.exception, at.exception
    assert [r.value for r in at.radio if "fi_duplicates" in r.key] == ["keep_latest"]


def test_the_role_box_after_a_language_switch_shows_the_role_in_use_and_not_sure_works(framework):
    at = new_app()
    at.session_state["sa_answers"] = {c: 2 for c in framework.competency_ids}
    at.switch_page("pages/results.py").run()
    at.selectbox(key="sa_role_choice__en").set_value("smm_analyst").run()
    at.session_state["lang"] = "es"
    at.run()
    assert at.selectbox(key="sa_role_choice__es").value == "smm_analyst"
    at.selectbox(key="sa_role_choice__es").set_value("not_sure").run()
    assert at.session_state["sa_role"] is None
    at.session_state["lang"] = "en"
    at.run()
    assert at.selectbox(key="sa_role_choice__en").value == "not_sure"
    assert at.session_state["sa_role"] is None


def test_clearing_all_answers_asks_first(framework):
    at = new_app()
    at.switch_page("pages/self_assessment.py").run()
    open_block_of(at, framework, "copywriting")
    at.radio(key="sa_level_en_copywriting").set_value("3").run()
    open_block_of(at, framework, "seo_basics")
    at.radio(key="sa_level_en_seo_basics").set_value("1").run()
    by_label(at.button, "Clear all answers").click().run()
    assert at.session_state["sa_answers"] == {"copywriting": 3, "seo_basics": 1}  # asked, not cleared
    assert any(w.value == "Clear all 2 answers? This cannot be undone." for w in at.warning)
    by_label(at.button, "Cancel").click().run()
    assert at.session_state["sa_answers"] == {"copywriting": 3, "seo_basics": 1}
    by_label(at.button, "Clear all answers").click().run()
    by_label(at.button, "Yes, clear them").click().run()
    assert at.session_state["sa_answers"] == {}
    assert at.radio(key="sa_level_en_seo_basics").value == "none"  # the open block shows the cleared answer


def test_the_form_export_and_its_choices_survive_another_page():
    from .test_form_import import form_page, upload_c13

    at = upload_c13(form_page())
    at.radio[0].set_value("keep_latest").run()
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/form_import.py").run()
    assert not at.exception, at.exception
    assert any("Still working on c13.csv" in c.value for c in at.caption)
    assert [r.value for r in at.radio if "fi_duplicates" in r.key] == ["keep_latest"]
    at.button(key="fi_forget").click().run()
    assert not any("fi_duplicates" in (r.key or "") for r in at.radio)  # forgotten: back to the uploader


def test_the_recommendation_is_not_shown_chosen_and_unrated_evidence_is_warned_about(workspace, framework, roles):
    # A tester saw "Definitely not" shown chosen on the overall step while the scorecard stored no
    # recommendation, and evidence typed under a competency left "not answered" vanish on submit.
    at, vacancy_id, candidate_id = scorecard_app(workspace, framework, roles)
    competency = level_radios(at)[0].key.split("_level_en_")[1]
    evidence_key = f"card_{vacancy_id}_{candidate_id}_Irina_0_evidence_{competency}"
    at.text_input(key=evidence_key).input("Ran a 3-month plan").run()
    name = framework.competencies[competency].name.en
    warning = f"Evidence is typed for 1 competency without a level ({name}): choose its level, or it is not kept"
    assert any(w.value.startswith(warning) for w in at.warning)
    level_radios(at)[0].set_value("3").run()
    assert not any(w.value.startswith("Evidence is typed") for w in at.warning)
    at.session_state["card_step"] = "overall"
    at.run()
    recommendation = next(r for r in at.radio if r.key and "_rec_" in r.key)
    assert recommendation.value is None  # nothing shown chosen until the rater chooses
    placeholders = [m.proto.placeholder for m in at.multiselect]
    assert placeholders == ["Choose options", "Choose options"]


def test_each_block_control_of_the_scorecard_shows_how_much_of_it_is_rated(workspace, framework, roles):
    # A tester found the block buttons without a count: now each says "answered/total" of its block.
    at, vacancy_id, _ = scorecard_app(workspace, framework, roles)
    asked = assessed_competencies(storage_profile(workspace, vacancy_id), framework)
    sizes = [sum(c.id in asked for c in b.competencies) for b in framework.blocks]
    control = at.get("button_group")[0]
    names = [framework.blocks[i].name.en for i in range(len(sizes))]
    expected = [f"{n} 0/{k}" for n, k in zip(names, sizes, strict=True)] + ["Overall"]
    assert [o.content for o in control.proto.options] == expected
    level_radios(at)[0].set_value("3").run()
    level_radios(at)[1].set_value("0").run()  # level 0 counts as rated
    # Two of the first block rated: "<first block> 2/<its size>"; the others still 0.
    assert at.get("button_group")[0].proto.options[0].content == f"{names[0]} 2/{sizes[0]}"
    at.session_state["lang"] = "es"
    at.run()
    first = at.get("button_group")[0].proto.options[0].content
    assert first == f"{framework.blocks[0].name.es} 2/{sizes[0]}"


def test_the_open_self_assessment_block_survives_a_language_switch_and_another_page(framework):
    # A tester found the self-assessment back on its first block after a language switch.
    at = new_app()
    at.switch_page("pages/self_assessment.py").run()
    third = framework.blocks[2]
    open_block_of(at, framework, third.competencies[0].id)
    assert [r.key for r in at.radio] == [f"sa_level_en_{c.id}" for c in third.competencies]
    at.session_state["lang"] = "es"
    at.run()
    assert [r.key for r in at.radio] == [f"sa_level_es_{c.id}" for c in third.competencies]
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/self_assessment.py").run()
    assert [r.key for r in at.radio] == [f"sa_level_es_{c.id}" for c in third.competencies]


def test_a_change_reaching_the_server_after_the_card_left_its_draft_is_dropped_not_an_error(
    workspace, framework, roles
):
    # Two app processes under load (benchmarks/scaleout.py): a level click raced the submit, and its
    # callback found no draft for the card it was drawn for (KeyError, the page's error box).
    at, vacancy_id, candidate_id = scorecard_app(workspace, framework, roles)
    radio = level_radios(at)[0]
    radio.set_value("3").run()
    card_id = f"{vacancy_id}_{candidate_id}_Irina_0"
    at.session_state["card_drafts"].pop(card_id)  # as the submit's run leaves it
    level_radios(at)[1].set_value("2").run()
    evidence_key = f"card_{card_id}_evidence_{radio.key.split('_level_en_')[1]}"
    at.text_input(key=evidence_key).input("late").run()
    assert not at.exception, at.exception
    # The page drew the card again from what is stored (the draft in the database: level 3 only).
    assert [r.value for r in level_radios(at)][:2] == ["3", "none"]
    assert dict(stored_draft(workspace, framework, vacancy_id, candidate_id).levels) == {
        radio.key.split("_level_en_")[1]: 3
    }
