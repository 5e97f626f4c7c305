"""The candidate's page's lower sections (not a page: the leading underscore): the self-assessment
beside the interviewers' levels, and the submitted scorecards with evidence and anchors.

User text (evidence, notes, rater names) goes into tables or `st.text`: never Markdown or HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._downloads import table_download
from pages._ui import fitted_table, or_dash
from smm_eval.framework import Framework
from smm_eval.i18n import Messages
from smm_eval.markdown import escape_markdown
from smm_eval.services.candidate_file import CandidateFile


def self_section(t: Messages, file: CandidateFile, beside: pd.DataFrame, fw: Framework) -> None:
    """The candidate's own levels next to the interviewers' mean level, competency by competency."""
    st.subheader(t("cpage.self_title"), anchor=False)
    if file.self_answers is None:
        st.caption(t("cpage.self_none"))
        return
    saved = t.date(file.self_saved_at)
    st.caption(t("cpage.self_help", date=saved))
    comps, lang = fw.competencies, t.lang
    fitted_table(
        pd.DataFrame(
            {
                t("res.block"): [fw.block(b).name.get(lang) for b in beside["block"]],
                t("sf.competency"): [comps[c].name.get(lang) for c in beside["competency"]],
                t("cpage.interviewers_level"): or_dash(beside["interviewers"], lambda v: t.number(v, 1)),
                t("cpage.raters"): raters_cells(t, file, beside["raters"]),
                t("cpage.self_level"): or_dash(beside["self"], lambda v: t.number(v)),
            }
        )
    )


def raters_cells(t: Messages, file: CandidateFile, counts: pd.Series) -> list[str]:
    """How many raters rated each competency, as true for this viewer: "hidden until you submit
    yours" while the others' scorecards are hidden from them (blind until submitted, or their role's
    scope), "no scorecard yet" when nobody submitted one; never a 0 that reads as "nobody rated"."""
    if file.hidden_raters:
        return [t("cpage.raters_hidden")] * len(counts)
    if file.scorecards.empty:
        return [t("cpage.raters_none")] * len(counts)
    return [str(int(n)) for n in counts]


def scorecards_section(t: Messages, file: CandidateFile, viewer: str, fw: Framework) -> None:
    """Every submitted scorecard the viewer may see, one expander per rater; or why they are hidden."""
    cards = file.scorecards
    if file.hidden_raters:  # counted, never "(0)" above "2 raters scored this candidate"
        st.subheader(t("cpage.cards_title_hidden", count=file.hidden_raters), anchor=False)
    else:
        st.subheader(t("cpage.cards_title", count=cards["rater"].nunique()), anchor=False)
    if file.hidden_raters:
        key = "cpage.cards_hidden_named" if viewer.strip() else "cpage.cards_hidden_anonymous"
        st.info(
            t.plural(key, file.hidden_raters, rater=escape_markdown(viewer.strip())), icon=":material/visibility_off:"
        )
        st.page_link("pages/scorecard.py", label=t("cpage.go_scorecard"), icon=":material/rate_review:")
        return
    if cards.empty:
        st.caption(t("cpage.cards_none"))
        st.page_link("pages/scorecard.py", label=t("cpage.go_scorecard"), icon=":material/rate_review:")
        return
    comps, lang = fw.competencies, t.lang
    qualities = {q.id: q.name.get(lang) for q in fw.personal_qualities}
    flags = {f.id: f.name.get(lang) for f in fw.red_flags}
    order = {c: i for i, c in enumerate(fw.competency_ids)}
    for number, (rater, card) in enumerate(cards.groupby("rater", sort=True)):
        first = card.iloc[0]
        recommendation = t(f"card.rec.{first['recommendation']}") if isinstance(first["recommendation"], str) else "—"
        date = t.date_time(first["submitted_at"])
        title = t("cpage.card_title", rater=escape_markdown(str(rater)), date=date, recommendation=recommendation)
        with st.expander(title, expanded=str(rater) == viewer.strip()):
            card = card.sort_values("competency", key=lambda s: s.map(order))
            levels = pd.DataFrame(
                {
                    t("sf.competency"): [comps[c].name.get(lang) for c in card["competency"]],
                    t("cpage.level"): card["level"].astype(int).to_numpy(),
                    t("cpage.anchor"): [
                        comps[c].anchors[int(lv)].get(lang)
                        for c, lv in zip(card["competency"], card["level"], strict=True)
                    ],
                    t("card.evidence"): [e if isinstance(e, str) and e.strip() else "—" for e in card["evidence"]],
                }
            )
            st.dataframe(
                levels,
                hide_index=True,
                width="stretch",
                column_config={
                    t("cpage.anchor"): st.column_config.TextColumn(width="large"),
                    t("card.evidence"): st.column_config.TextColumn(width="medium"),
                },
            )
            table_download(levels, f"scorecard-{number + 1}.csv", f"cpage_card_csv_{number}")
            named = [qualities.get(q, q) for q in first["qualities"] or []]
            raised = [flags.get(f, f) for f in first["red_flags"] or []]
            st.text(t("cpage.qualities", names=", ".join(named) or "—"))
            st.text(t("cpage.red_flags", names=", ".join(raised) or "—"))
            if isinstance(first["notes"], str) and first["notes"].strip():
                st.text(t("cpage.card_notes", notes=first["notes"]))
