"""Every page in AppTest, and a whole self-assessment as a user would click through it."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from smm_eval.schemas import FORMAT_ID

from ..conftest import ROOT, SAMPLE

PAGES = ["pages/home.py", "pages/self_assessment.py", "pages/results.py", "pages/score_file.py", "pages/model.py"]


def new_app(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    return at.run()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [s.value for s in at.subheader] + [i.value for i in at.info] + [w.value for w in at.warning]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(page, lang):
    at = new_app(lang)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert at.title, "every page has a title"


def test_home_leads_each_user_in():
    at = new_app()
    links = [link.proto.page for link in at.get("page_link")]
    assert links == ["self_assessment", "salary", "vacancies", "form_import", "team", "model", "score_file"]
    headings = [s.value for s in at.subheader]
    assert headings[:3] == ["Job seekers and self-learners", "Recruiters", "Team leads"]


def open_block_of(at, framework, competency_id: str, lang: str = "en") -> None:
    """Open the self-assessment tab holding a competency: only the open tab's questions are on the page."""
    block = next(b for b in framework.blocks if competency_id in {c.id for c in b.competencies})
    at.session_state["sa_block"] = block.id
    at.run()


def test_whole_self_assessment_in_english(framework):
    at = new_app("en")
    at.switch_page("pages/self_assessment.py").run()
    # Only the first block's five questions are built (lazy tabs: docs/performance.md, "Clicks").
    assert [r.key for r in at.radio] == [f"sa_level_en_{c.id}" for c in framework.blocks[0].competencies]
    assert at.progress[0].proto.text == "Answered 0 of 25"
    at.selectbox(key="sa_role_choice__en").set_value("smm_analyst").run()
    levels = {c: i % 5 for i, c in enumerate(framework.competency_ids)}  # level 0 included
    for block in framework.blocks:
        open_block_of(at, framework, block.competencies[0].id)
        assert len(at.radio) == len(block.competencies)
        for radio in at.radio:
            radio.set_value(str(levels[radio.key.removeprefix("sa_level_en_")]))
        at.run()
    assert at.progress[0].proto.text == "Answered 25 of 25"
    assert at.session_state["sa_answers"] == levels
    assert at.session_state["sa_role"] == "smm_analyst"

    at.switch_page("pages/results.py").run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels[:4] == ["Overall score", "Role fit", "Career level", "Answered"]
    assert at.metric[3].value == "25/25"
    assert "–" in at.metric[0].value and "(" in at.metric[0].value  # score (low–high): skips make it asymmetric
    body = texts(at)
    # What the band is, not where the score "lies"; a self-assessment is labelled a self-view.
    assert "95% band from a model of rater error" in body and "lies between" not in body
    assert "Self-view: these scores come from your own ratings" in body
    assert "with its published prior" in body
    assert "Top gaps for SMM analyst" in body
    assert "fit points gained by reaching the target here" in body  # what the gap bars are
    assert "Next step:" in body
    assert "Low confidence" in body  # one rater, even answering everything: about ±26 points
    assert len(at.get("download_button")) == 2
    # Back to the questionnaire: the answers survived the trip.
    at.switch_page("pages/self_assessment.py").run()
    assert [r.value for r in at.radio] == [str(levels[r.key.removeprefix("sa_level_en_")]) for r in at.radio]


def test_level_zero_is_an_answer_and_unanswered_is_not(framework):
    at = new_app()
    at.switch_page("pages/self_assessment.py").run()
    open_block_of(at, framework, "seo_basics")
    assert all(r.value == "none" for r in at.radio)  # "not answered": nothing preselected
    at.radio(key="sa_level_en_seo_basics").set_value("0").run()
    assert at.session_state["sa_answers"] == {"seo_basics": 0}
    assert at.progress[0].proto.text == "Answered 1 of 25"
    # Issue 15: an answer can be taken back ("skip what you cannot judge").
    at.radio(key="sa_level_en_seo_basics").set_value("none").run()
    assert at.session_state["sa_answers"] == {}
    assert at.progress[0].proto.text == "Answered 0 of 25"


def test_switching_language_keeps_answers_and_role(framework):
    at = new_app("en")
    at.switch_page("pages/self_assessment.py").run()
    at.selectbox(key="sa_role_choice__en").set_value("community_manager").run()
    open_block_of(at, framework, "copywriting")
    at.radio(key="sa_level_en_copywriting").set_value("3").run()
    # AppTest leaves the entry file's sidebar out of its element tree after switch_page, so
    # the language is set in session state, as the control's callback does; tests/e2e clicks it.
    at.session_state["lang"] = "es"
    at.run()
    assert not at.exception
    open_block_of(at, framework, "copywriting", "es")
    assert at.radio(key="sa_level_es_copywriting").value == "3"
    assert at.selectbox(key="sa_role_choice__es").value == "community_manager"
    assert at.progress[0].proto.text == "Respondidas 1 de 25"
    at.switch_page("pages/results.py").run()
    assert not at.exception
    assert at.metric[0].label == "Puntuación global"
    assert "Principales carencias para Community manager" in texts(at)


def saved_file(answers: dict[str, int], role: str | None = "smm_manager") -> bytes:
    doc = {"format": FORMAT_ID, "version": 1, "saved_at": "2026-10-01T09:30:00Z", "role": role, "answers": answers}
    return json.dumps(doc).encode()


def test_continue_from_a_saved_file(framework):
    at = new_app()
    at.switch_page("pages/self_assessment.py").run()
    at.file_uploader(key="sa_load_file").set_value(
        ("mine.json", saved_file({"copywriting": 4, "seo_basics": 1}), "application/json")
    ).run()
    assert "2 answers saved on October 1, 2026, 09:30" in "\n".join(s.value for s in at.success)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["sa_answers"] == {"copywriting": 4, "seo_basics": 1}
    assert at.session_state["sa_role"] == "smm_manager"
    open_block_of(at, framework, "copywriting")
    assert at.radio(key="sa_level_en_copywriting").value == "4"


def test_bad_saved_file_is_explained_not_crashed():
    at = new_app()
    at.switch_page("pages/self_assessment.py").run()
    at.file_uploader(key="sa_load_file").set_value(("x.json", b'{"format": "nope"}', "application/json")).run()
    assert not at.exception
    assert "Nothing was loaded" in at.error[0].value
    assert at.session_state["sa_answers"] == {}


def test_compare_with_an_earlier_attempt(framework):
    at = new_app()
    at.session_state["sa_answers"] = dict.fromkeys(framework.competency_ids, 3)
    at.switch_page("pages/results.py").run()
    at.file_uploader(key="res_compare_file_0").set_value(
        ("before.json", saved_file(dict.fromkeys(framework.competency_ids, 2)), "application/json")
    ).run()
    assert not at.exception
    assert at.session_state["sa_compare"] is not None
    change = [m for m in at.metric if m.label.startswith("Overall score now")]
    assert change and change[0].value == "75"
    spec = at.get("vega_lite_chart")[0].proto.spec
    assert "Earlier attempt (October 1, 2026, 09:30)" in spec


def test_results_without_answers_lead_back_to_the_questionnaire():
    at = new_app()
    at.switch_page("pages/results.py").run()
    assert "You have not answered any competency yet." in at.info[0].value


def test_score_file_ranks_the_sample():
    at = new_app()
    at.switch_page("pages/score_file.py").run()
    at.selectbox(key="sf_role__en").set_value("smm_manager").run()
    at.file_uploader(key="sf_file").set_value(("sample.csv", SAMPLE.read_bytes(), "text/csv")).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 5
    # Ranked by fit, then overall: Lucía and Chen meet every target, Ana 92%.
    assert list(table["Person"]) == ["Lucía Fernández", "Chen Wei", "Ana Morales", "Борис Петров", "Marco Rossi"]
    assert at.multiselect(key="sf_compare").value == ["Lucía Fernández", "Chen Wei", "Ana Morales"]
    # The gap table gives each gap's fit points gained, as the results page's chart: biggest first.
    gaps = at.dataframe[-1].value  # numbers as the page's language writes them ("12.9"; "12,9" in Spanish)
    gained = gaps.assign(points=gaps["Fit points gained"].str.replace(",", "").astype(float))
    assert (gained["points"] > 0).all()
    for _, mine in gained.groupby("Person", sort=False):
        assert mine["points"].is_monotonic_decreasing


def test_score_file_lists_every_problem_and_keeps_user_text_plain():
    at = new_app()
    at.switch_page("pages/score_file.py").run()
    bad = b"person,copywriting\n**bold** <script>alert(1)</script>,9\n[x](javascript:alert(1)),2.5\n"
    at.file_uploader(key="sf_file").set_value(("bad.csv", bad, "text/csv")).run()
    assert not at.exception
    assert "2 problems" in at.error[0].value
    problems = at.dataframe[0].value
    assert list(problems["Where"]) == [
        "bad.csv, line 2, column 2 (copywriting)",
        "bad.csv, line 3, column 2 (copywriting)",
    ]
    assert all("<script>" not in m.value for m in at.markdown)


def test_markup_in_names_is_shown_as_plain_text():
    at = new_app()
    at.switch_page("pages/score_file.py").run()
    data = b"person,copywriting\n<b>Bold</b> **x**,3\n"
    at.file_uploader(key="sf_file").set_value(("n.csv", data, "text/csv")).run()
    assert at.dataframe[0].value.iloc[0]["Person"] == "<b>Bold</b> **x**"
    assert all("<b>Bold</b>" not in m.value for m in at.markdown)


def test_results_on_three_answers_say_what_to_rate_not_100_percent(framework):
    # Finding 3 of issue 12: three answers at level 2 showed fit 100% and three best roles at
    # 100/100, and blocks without answers "NaN–NaN". For smm_editor these three cover 0.0884 of the
    # target weight; six more (0.15, 0.1071, 0.1071, 0.0857, 0.0353, 0.0324) reach 0.6060 >= 0.6.
    at = new_app()
    at.session_state["sa_answers"] = dict.fromkeys(framework.competency_ids[:3], 2)
    at.session_state["sa_role"] = "smm_editor"
    at.switch_page("pages/results.py").run()
    assert not at.exception
    fit = next(m for m in at.metric if m.label == "Role fit")
    assert fit.value == "—"
    body = texts(at)
    assert "Rate 6 more competencies of this role to see the fit." in body
    assert "No role has enough answers yet: rate" in body and "100%" not in body
    blocks = at.dataframe[0].value
    assert blocks["95% band"].tolist()[1:] == ["not rated"] * 4 and "NaN" not in body
    # The level rests on three answers: the headline tile's tag says provisional, the pay panel
    # warns before its range, and the overall score says whose weights it uses.
    level = next(m for m in at.metric if m.label == "Career level")
    # the value is the level alone (a longer one is cut in its card, issue 15), tagged "provisional"
    assert (level.value, level.proto.delta) == ("Middle", "provisional")
    assert any(w.value.startswith("This range is for a provisional level: rate") for w in at.warning)
    assert "Weighted for SMM editor (content): the role's block weights." in body


def test_without_a_role_and_too_few_answers_the_closest_profile_is_named_as_such(framework):
    at = new_app()
    at.session_state["sa_answers"] = dict.fromkeys(framework.competency_ids[:3], 2)
    at.switch_page("pages/results.py").run()
    assert not at.exception
    assert "no role has enough answers yet to tell which fits you best" in at.info[0].value
    assert next(m for m in at.metric if m.label == "Role fit").value == "—"
