"""Safe output (issue 18, findings 5 and 6). Streamlit's own table export is off in the app's
configuration (tests/e2e/test_safe_output.py checks the browser and our guarded download).

User text is never rendered as Markdown: a vacancy, a candidate, a team
and a salary dataset named with Markdown, Streamlit's colour directive, a link, an image, LaTeX and
HTML show in every message as the escaped literal (`smm_eval.markdown.escape_markdown`), and no
element that Streamlit renders as Markdown carries the raw name.

Before the fix, "Vacancy “**bold** :red[x] ...” created." went to `st.success` as it was typed:
bold text, red text, a link and an image that the browser fetched (tests/e2e checks the browser).
"""

from __future__ import annotations

import tomllib

from streamlit.testing.v1 import AppTest

from benchmarks.generators import generate_observations
from smm_eval import storage
from smm_eval.framework import load_roles
from smm_eval.markdown import escape_markdown
from smm_eval.salary import fit_salary_model
from smm_eval.storage import open_database

from ..conftest import ROOT

ATTACK = "**bold** :red[x] [l](http://e.x) ![i](http://127.0.0.1:9/i.png) $x^2$ <b>h</b>"
# What escape_markdown makes of it, written out (J: the WORD JOINER, U+2060): * [ ] $ < > get a
# backslash; ":" + J before "red", before "//" and before "9".
J = "\u2060"
ESCAPED = rf"\*\*bold\*\* :{J}red\[x\] \[l\](http:{J}//e.x) !\[i\](http:{J}//127.0.0.1:{J}9/i.png) \$x^2\$ \<b\>h\</b\>"
# Pieces of the raw name that would be markup if they reached a Markdown element unescaped.
RAW_PIECES = ("**bold**", ":red[x]", "](http://e.x)", "![i]", "$x^2$", "<b>h</b>")


def test_the_configuration_turns_streamlits_table_export_off():
    # Without it every table's toolbar offers "Download as CSV", which writes =HYPERLINK(...) raw.
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_the_expected_escape_is_what_the_helper_gives():
    assert escape_markdown(ATTACK) == ESCAPED


def new_app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    return at.run()


def markdown_texts(at: AppTest) -> list[str]:
    """Every text of the page that Streamlit renders as Markdown: messages, captions, headings,
    toasts, and the labels of buttons, expanders, tabs and metrics, and metric values."""
    texts = [e.value for name in ("markdown", "caption", "title", "header", "subheader") for e in getattr(at, name)]
    texts += [e.value for name in ("success", "info", "warning", "error", "toast") for e in getattr(at, name)]
    texts += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    texts += [e.label for e in at.expander] + [e.label for e in at.tabs] + [b.label for b in at.button]
    return [str(text) for text in texts]


def assert_no_raw_markup(at: AppTest) -> None:
    assert not at.exception
    for text in markdown_texts(at):
        assert not any(piece in text for piece in RAW_PIECES), text


def test_vacancy_and_candidate_names_show_escaped_in_every_message():
    at = new_app()
    at.switch_page("pages/vacancies.py").run()
    at.text_input(key="vac_new_title__w").input(ATTACK).run()
    next(b for b in at.button if b.label == "Create the vacancy").click().run()
    assert f"Vacancy “{ESCAPED}” created." in [s.value for s in at.success]
    assert_no_raw_markup(at)

    at.switch_page("pages/candidates.py").run()
    next(w for w in at.text_input if w.label == "Name").input(ATTACK).run()
    next(b for b in at.button if b.label == "Add the candidate").click().run()
    assert f"Candidate {ESCAPED} added to the vacancy." in [s.value for s in at.success]
    assert_no_raw_markup(at)
    # The stage question names the candidate as "name (code)": escaped too (the code is C0001).
    at.selectbox(key="cand_stage_to_1__w").set_value("interview").run()
    next(b for b in at.button if b.label.startswith("Move to")).click().run()
    assert f"Move {ESCAPED} (C0001) from “New” to “Interview”?" in [w.value for w in at.warning]
    next(b for b in at.button if b.label == "Yes, move").click().run()
    assert f"{ESCAPED} (C0001) moved to “Interview”." in [s.value for s in at.success]
    assert_no_raw_markup(at)

    # The candidate's page: the heading, metrics and expanders.
    at.switch_page("pages/candidate.py").run()
    assert f"{ESCAPED} (C0001)" in [s.value for s in at.subheader]
    assert_no_raw_markup(at)
    for page in ("scorecard", "compare"):
        at.switch_page(f"pages/{page}.py").run()
        assert_no_raw_markup(at)


def test_team_and_dataset_names_show_escaped(workspace):
    at = new_app()
    at.switch_page("pages/team.py").run()
    at.text_input(key="team_name").input(ATTACK).run()
    team = (ROOT / "data" / "samples" / "team.csv").read_bytes()
    at.file_uploader(key="team_file").set_value(("team.csv", team, "text/csv")).run()
    at.button(key="team_import").click().run()
    assert_no_raw_markup(at)
    at.switch_page("pages/team_plan.py").run()
    assert_no_raw_markup(at)

    observations = generate_observations({("middle", "moscow"): 120_000}, per_cell=60)
    db = open_database(f"sqlite:///{workspace}")
    with db.transaction() as session:
        model = fit_salary_model(observations, tuple(load_roles()))
        dataset_id = storage.save_salary_dataset(session, ATTACK, observations, model).id
    db.dispose()
    at.switch_page("pages/salary.py").run()
    at.selectbox(key="salary_dataset__en").set_value(dataset_id).run()
    next(b for b in at.button if b.label == "Delete…").click().run()
    assert any(f"Delete the dataset “{ESCAPED}” (" in w.value for w in at.warning)
    assert_no_raw_markup(at)
    next(b for b in at.button if b.label == "Yes, delete it").click().run()
    assert f"The dataset “{ESCAPED}” was deleted; estimates use the baseline." in [s.value for s in at.success]
    assert_no_raw_markup(at)
