"""The self-assessment's questions (not a page: the leading underscore): for each competency of a
block, the behaviour that describes the person, or "not answered". Used by the self-assessment page
and by the invitation page, so a candidate or team member answers exactly the same questions.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from smm_eval.framework import Block, Framework
from smm_eval.i18n import Messages

# Options are the levels as text: a radio holding the integer 0 loses it (0 is falsy). The first
# option, "not answered", takes an answer back: the page says to skip what you cannot judge.
NOT_ANSWERED = "none"


def _remember(answers: dict[str, int], competency_id: str, key: str) -> None:
    choice = st.session_state[key]
    if choice is None or choice == NOT_ANSWERED:
        answers.pop(competency_id, None)
    else:
        answers[competency_id] = int(choice)


def block_questions(
    t: Messages, fw: Framework, block: Block, answers: dict[str, int], widget_key: Callable[[str], str]
) -> None:
    """One radio per competency of `block`, in a bordered box with its name and description.

    `answers` (competency id -> level 0..4) is updated as the person answers; `widget_key` gives
    each competency's widget key (per language: the options' labels change with it).
    """
    lang = t.lang
    options = [NOT_ANSWERED, *(str(s.level) for s in fw.scale)]
    captions = ["", *(t("sa.level_caption", level=s.level, name=s.name.get(lang)) for s in fw.scale)]
    for comp in block.competencies:
        key = widget_key(comp.id)
        # Always seed the widget from the stored answer, None included: a radio without state
        # of its own defaults to its first option, and a click on level 0 would change nothing.
        stored = answers.get(comp.id)
        expected = NOT_ANSWERED if stored is None else str(stored)
        if key not in st.session_state or st.session_state[key] != expected:
            st.session_state[key] = expected
        anchors = comp.anchors
        with st.container(border=True):
            st.markdown(f"**{comp.name.get(lang)}**")
            st.caption(comp.description.get(lang))
            st.radio(
                comp.name.get(lang),
                options,
                format_func=lambda o, a=anchors: t("state.not_answered") if o == NOT_ANSWERED else a[int(o)].get(lang),
                captions=captions,
                key=key,
                on_change=_remember,
                args=(answers, comp.id, key),
                label_visibility="collapsed",
            )
