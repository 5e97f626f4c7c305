"""A candidate's page, the stored self-assessments list, and the agreement texts, in AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from smm_eval import storage

from ..conftest import ROOT
from .test_recruiting import open_workspace, seed


def app(lang: str = "en", **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def candidate_ids(workspace) -> dict[str, int]:
    db = open_workspace(workspace)
    with db.transaction() as session:
        ids = {c.name: c.id for c in session.query(storage.Candidate)}
    db.dispose()
    return ids


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.metric] + [c.value for c in at.caption] + [x.value for x in at.text]
    parts += [i.value for i in at.info] + [s.value for s in at.subheader]
    return "\n".join(str(p) for p in parts)


def open_page(at: AppTest, candidate_id: int, vacancy_id: int) -> AppTest:
    at.query_params["candidate"] = str(candidate_id)
    at.query_params["vacancy"] = str(vacancy_id)
    return at.switch_page("pages/candidate.py").run()


def test_the_page_shows_profile_scores_and_hides_scorecards_until_the_viewer_submitted(workspace, framework, roles):
    vacancy_id = seed(workspace, framework, roles)
    ana = candidate_ids(workspace)["Ana Morales"]
    at = open_page(app(), ana, vacancy_id)
    assert not at.exception
    shown = texts(at)
    # candidates.csv: Ana Morales expects 65000 (RUB, gross by default), shown as given.
    assert "65,000 RUB" in shown and "a month, gross (before tax)" in shown
    assert "ana.morales@example.com" in shown
    assert "Runs two brand accounts today" in shown  # notes, as plain text
    # interview_ratings.csv: Ana is rated by "lead" and "hr" (2 raters); the viewer has no name yet.
    assert "2 raters scored this candidate" in shown
    # Tester of issue 15, finding 4: the title said "(0)" above "2 raters scored this candidate".
    subheaders = [s.value for s in at.subheader]
    assert "Submitted scorecards (2, hidden until you submit yours)" in subheaders
    assert "Submitted scorecards (0)" not in subheaders
    assert at.session_state["cpage_candidate_choice"] == ana
    assert at.query_params["candidate"] in (str(ana), [str(ana)])


def test_a_rater_who_submitted_sees_every_scorecard_with_evidence_and_anchors(workspace, framework, roles):
    vacancy_id = seed(workspace, framework, roles)
    ana = candidate_ids(workspace)["Ana Morales"]
    at = open_page(app(rater_name="lead"), ana, vacancy_id)
    assert not at.exception
    assert "Submitted scorecards (2)" in texts(at)
    assert len(at.expander) >= 2
    first = at.dataframe[-1].value  # the last card drawn: "lead" (cards by rater name: hr, lead)
    # Ana's lead level on brand_strategy is 3 (interview_ratings.csv, first competency column).
    brand = framework.competencies["brand_strategy"]
    row = first.loc[first["Competency"] == brand.name.get("en")].iloc[0]
    assert row["Level"] == 3 and row["What that level means"] == brand.anchors[3].get("en")


def test_blind_mode_shows_the_code_only(workspace, framework, roles):
    vacancy_id = seed(workspace, framework, roles)
    ana = candidate_ids(workspace)["Ana Morales"]
    at = open_page(app(blind=True), ana, vacancy_id)
    assert not at.exception
    shown = texts(at)
    assert "Ana Morales" not in shown and "ana.morales@example.com" not in shown
    assert "C0001" in shown


def test_the_page_in_spanish(workspace, framework, roles):
    vacancy_id = seed(workspace, framework, roles)
    ana = candidate_ids(workspace)["Ana Morales"]
    at = open_page(app("es"), ana, vacancy_id)
    assert not at.exception
    shown = texts(at)
    assert "Ficha de un candidato" in [t.value for t in at.title]
    assert "2 evaluadores han puntuado a este candidato" in shown
    assert "Fichas de evaluación enviadas (2, ocultas hasta que envíe la suya)" in [s.value for s in at.subheader]
    assert "65.000 RUB" in shown or "65 000 RUB" in shown


def test_stored_self_assessments_are_listed_reopened_and_deleted_after_confirmation(workspace, framework, roles):
    db = open_workspace(workspace)
    with db.transaction() as session:
        storage.save_self_assessment(session, "Ana", "smm_manager", {"copywriting": 3, "brand_strategy": 2})
        storage.save_self_assessment(session, "Bo", None, {"copywriting": 1})
    db.dispose()
    at = app()
    at.switch_page("pages/self_assessment.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Name"]) == ["Bo", "Ana"]  # newest first
    assert list(table["Answered"]) == ["1 of 25", "2 of 25"]
    # Ana: 2 of SMM manager's competencies answered, below its coverage gate: a provisional level.
    assert table["Career level"].iloc[1].endswith("as SMM manager (provisional)")
    chooser = next(s for s in at.selectbox if s.label == "Self-assessment")
    ana_id = [o for o in chooser.options if o.startswith("Ana")]
    chooser.select_index(chooser.options.index(ana_id[0])).run()
    next(b for b in at.button if b.label == "Delete…").click().run()
    assert any("cannot be undone" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Cancel").click().run()
    assert list(at.dataframe[0].value["Name"]) == ["Bo", "Ana"]  # cancelled: nothing deleted
    next(b for b in at.button if b.label == "Reopen in My results").click().run()
    assert not at.exception
    assert at.session_state["sa_answers"] == {"copywriting": 3, "brand_strategy": 2}
    assert at.session_state["sa_role"] == "smm_manager"


def test_compare_says_which_candidates_the_agreement_leaves_out_and_never_shows_one_rater_as_agreement(
    workspace, framework, roles
):
    # Issue 15: "Agreement" read 100% for everyone and the reliability figure left candidates out
    # silently. Eva is scored by one rater only (every competency at level 2, so she is ranked).
    from smm_eval.schemas import CandidateInput, ScorecardInput

    vacancy_id = seed(workspace, framework, roles)
    db = open_workspace(workspace)
    with db.transaction() as session:
        eva = storage.add_candidate(session, CandidateInput(name="Eva Single"), vacancy_id)
        levels = dict.fromkeys(framework.competency_ids, 2)
        card = ScorecardInput(candidate_id=eva.id, vacancy_id=vacancy_id, rater="lead", levels=levels)
        storage.save_scorecard(session, card, framework, None)
    db.dispose()
    at = app()
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    details = at.dataframe[1].value.set_index("Candidate")  # the ranking's details table holds the agreement
    agreement = details["Agreement (rwg)"]
    assert agreement["Eva Single (C0005)"] == "not enough raters (agreement needs two)"
    # Ana: rwg 0.92 from interview_ratings.csv's lead and hr (the rank command writes 0.92 too).
    assert agreement["Ana Morales (C0001)"] == "rwg 0.92 · very strong agreement"
    opener = next(s for s in at.selectbox if s.label == "Open a candidate's page")
    assert len(opener.options) == 5  # every candidate of the vacancy has a way to their page
    assert at.get("page_link"), "no link to a candidate's page"
    captions = " ".join(c.value for c in at.caption).replace("\\", "")  # names are Markdown-escaped
    assert "Left out of this figure: Eva Single (C0005), rated by one rater only" in captions
    assert "No figure: 4 candidates rated by two or more raters" in captions  # Eva is not among them


def test_the_score_file_page_gives_no_agreement_figure_to_a_person_with_one_rater():
    # ratings_sample.csv: Ana is rated by lead and hr, who differ by one level on 8 of 25
    # competencies: mean s² = 8 × 0.5 / 25 = 0.16, rwg = 1 − 0.16 / 2 = 0.92 (very strong, > .90).
    # Lucía has one rater besides herself, Chen only a self-view: no agreement figure for either.
    at = app()
    at.switch_page("pages/score_file.py").run()
    at.selectbox(key="sf_role__en").set_value("smm_manager").run()
    sample = (ROOT / "data" / "samples" / "ratings_sample.csv").read_bytes()
    at.file_uploader(key="sf_file").set_value(("sample.csv", sample, "text/csv")).run()
    assert not at.exception
    agreement = at.dataframe[0].value.set_index("Person")["Agreement"]
    assert agreement["Ana Morales"] == "rwg 0.92 · very strong agreement"
    assert agreement["Lucía Fernández"] == agreement["Chen Wei"] == "not enough raters (agreement needs two)"


def test_the_page_lists_the_dated_stage_history_in_the_users_language(workspace, framework, roles):
    from smm_eval.services.candidates import StageChange, set_stages

    vacancy_id = seed(workspace, framework, roles)
    ana = candidate_ids(workspace)["Ana Morales"]
    db = open_workspace(workspace)
    with db.transaction() as session:
        application = storage.application_of(session, ana, vacancy_id)
        app_id, version = application.id, application.version
    set_stages(db, [StageChange(app_id, version, "interview")])
    db.dispose()
    at = open_page(app("es"), ana, vacancy_id)
    assert not at.exception
    assert "Historial de fases: 1 cambio" in [e.label for e in at.expander]
    history = next(df.value for df in at.dataframe if "Cuándo (UTC)" in df.value.columns)
    assert list(history["De"]) == ["Nuevo"] and list(history["A"]) == ["Entrevista"]


def stage_of(workspace, vacancy_id: int, name: str) -> str:
    db = open_workspace(workspace)
    with db.transaction() as session:
        frame = storage.applications_frame(session, vacancy_id)
    db.dispose()
    return str(frame.set_index("name").at[name, "stage"])


def by_label(elements, label: str):
    return next(e for e in elements if e.label == label)


def test_the_candidates_own_page_moves_the_stage_after_asking_and_refuses_a_stale_move(workspace, framework, roles):
    # A tester found no stage control on a candidate's page: the candidates page's control, for her only.
    vacancy_id = seed(workspace, framework, roles)
    ana = candidate_ids(workspace)["Ana Morales"]
    at = open_page(app(), ana, vacancy_id)
    assert [s.label for s in at.selectbox].count("Candidate") == 1  # no second chooser: this candidate only
    by_label(at.selectbox, "New stage").set_value("interview").run()
    by_label(at.button, "Move to “Interview”…").click().run()
    assert any(w.value == "Move Ana Morales (C0001) from “New” to “Interview”?" for w in at.warning)
    assert stage_of(workspace, vacancy_id, "Ana Morales") == "new"  # asked, not saved
    by_label(at.button, "Yes, move").click().run()
    assert not at.exception, at.exception
    assert stage_of(workspace, vacancy_id, "Ana Morales") == "interview"
    assert "Ana Morales (C0001) moved to “Interview”." in [s.value for s in at.success]
    assert at.metric[0].value == "Interview"  # the profile shows the new stage
    # A colleague moves her to "Rejected" on the candidates page; this page's "Offer" is refused.
    other = app()
    other.switch_page("pages/candidates.py").run()
    by_label(other.selectbox, "New stage").set_value("rejected").run()
    by_label(other.button, "Move to “Rejected”…").click().run()
    by_label(other.button, "Yes, move").click().run()
    by_label(at.selectbox, "New stage").set_value("offer").run()
    by_label(at.button, "Move to “Offer”…").click().run()
    by_label(at.button, "Yes, move").click().run()
    assert not at.exception, at.exception
    assert stage_of(workspace, vacancy_id, "Ana Morales") == "rejected"  # the colleague's change stands
    assert "someone else changed the stage of Ana Morales (C0001)" in at.error[0].value
