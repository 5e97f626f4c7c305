"""Self-assessment: pick the behaviour that describes you for each competency, block by block."""

import streamlit as st

from pages._questions import block_questions
from pages._self_assessments_list import stored_self_assessments_section
from pages._state import confirmed_button, counted
from pages._ui import framework, page_setup, role_selector, roles, set_role, show_problems
from smm_eval.errors import InputError
from smm_eval.framework import LANGUAGES
from smm_eval.services.assessment import load_saved

t = page_setup(__file__)
fw = framework()
lang = t.lang
answers: dict[str, int] = st.session_state.sa_answers


def widget_key(competency_id: str, language: str = lang) -> str:
    # Per language: the options' labels change with it, so each language gets fresh widgets.
    return f"sa_level_{language}_{competency_id}"


def reset_widgets() -> None:
    for language in LANGUAGES:
        for cid in fw.competency_ids:
            st.session_state.pop(widget_key(cid, language), None)


def clear_answers() -> None:
    answers.clear()
    reset_widgets()


st.title(t("sa.title"))
st.write(t("sa.intro"))
role_selector(t("sa.role_label"))

with st.expander(t("sa.load.title"), icon=":material/upload_file:"):
    st.caption(t("sa.load.help"))
    upload = st.file_uploader(t("sa.load.label"), type=["json"], key="sa_load_file")
    if upload is not None:
        try:
            saved = load_saved(upload.getvalue(), upload.name, fw, roles())
        except InputError as exc:
            show_problems(exc)
        else:
            st.success(t.plural("sa.load.ready", len(saved.answers), date=t.date_time(saved.saved_at)))

            def load() -> None:
                answers.clear()
                answers.update(saved.answers)
                set_role(saved.role)
                reset_widgets()

            if answers:  # loading replaces the answers given here: ask first
                confirmed_button(
                    "sa_load_apply", t("sa.load.apply"), counted("state.sa_replace", len(answers)), load,
                    icon=":material/restore:",
                )  # fmt: skip
            else:
                st.button(t("sa.load.apply"), on_click=load, icon=":material/restore:")
stored_self_assessments_section()

total = len(fw.competency_ids)
st.progress(len(answers) / total, text=t("sa.progress", answered=len(answers), total=total))

# Tab labels stay fixed: a label that changed with every answer would send the user back to the first tab.
# Only the open tab's questions are built and sent (`on_change="rerun"`): all five blocks' 125 anchors
# took most of a click's time in the browser (docs/performance.md, "Clicks").
# The open block lives in `sa_block` (its id): the tab widget's value is its label, which changes with
# the language, and its state is dropped on another page; the widget is seeded from it on every run.
block_names = {b.id: b.name.get(lang) for b in fw.blocks}
st.session_state.setdefault("sa_block", fw.blocks[0].id)
tabs_key = f"sa_tabs__{lang}"
if st.session_state.get(tabs_key) != block_names[st.session_state.sa_block]:
    st.session_state[tabs_key] = block_names[st.session_state.sa_block]


def open_block() -> None:
    st.session_state.sa_block = {name: b for b, name in block_names.items()}[st.session_state[tabs_key]]


tabs = st.tabs(list(block_names.values()), key=tabs_key, on_change=open_block)
for tab, block in zip(tabs, fw.blocks, strict=True):
    if tab.open is False:
        continue
    with tab:
        answered_here = sum(c.id in answers for c in block.competencies)
        st.caption(
            f"{block.description.get(lang)} "
            + t("sa.block_progress", answered=answered_here, total=len(block.competencies))
        )
        block_questions(t, fw, block, answers, widget_key)

st.divider()
done, clear = st.columns([3, 1])
with done:
    if answers:
        st.page_link("pages/results.py", label=t("sa.see_results"), icon=":material/insights:")
    else:
        st.caption(t("sa.answer_first"))
# 25 answers are a quarter of an hour of work: clearing them asks first. The button in its column,
# the question with its buttons below at full width ("Yes, clear them" was cut to "Yes, …").
confirmed_button(
    "sa_clear", t("sa.clear"), counted("state.sa_clear_question", len(answers)), clear_answers,
    yes_label=t("state.sa_clear_yes"), disabled=not answers, container=clear,
)  # fmt: skip
