"""A candidate's page: everything about one candidate for one vacancy in one place.

Profile and stage (with the candidates page's confirmed stage control, `pages._stage`), overall
and fit with their bands, the self-assessment beside the interviewers' levels, the submitted
scorecards with evidence and anchors (hidden until the viewer submitted their own, blind mode
respected: `smm_eval.services.candidate_file`), notes. Bookmarkable:
`/candidate?candidate=<id>` (and `&vacancy=<id>` when the candidate applied to several).
"""

import pandas as pd
import streamlit as st

from pages import _cached as cached
from pages._agreement_text import rwg_text
from pages._assignments import assignments_section
from pages._candidate_sections import scorecards_section, self_section
from pages._invitations import candidate_invitations
from pages._lifecycle_sections import candidate_data_section
from pages._navigation import page_link
from pages._stage import stage_control
from pages._state import kept
from pages._ui import band_text, candidate_label, current_actor, database, framework, page_setup, score_text
from smm_eval.access import Action
from smm_eval.i18n import level_text
from smm_eval.markdown import escape_markdown
from smm_eval.services.candidate_file import (
    NotFoundError,
    candidate_file,
    candidate_vacancies,
    self_beside_interviewers,
)
from smm_eval.services.candidates import applications
from smm_eval.services.recruiting import list_vacancies, load_vacancy


def _int_param(name: str) -> int | None:
    value = st.query_params.get(name)
    return int(value) if value is not None and str(value).isdigit() else None


# The query parameters choose the candidate (and vacancy) when they are new: a link or a bookmark.
# A bookmark opened in a fresh session goes through app.py first (page_setup), which drops them:
# they are kept in the session until this page runs. The page writes back what the user chose.
for param in ("candidate", "vacancy"):
    value = _int_param(param)
    if value is not None and value != st.session_state.get(f"cpage_{param}_seen"):
        st.session_state[f"cpage_{param}_seen"] = st.session_state[f"cpage_{param}_wanted"] = value
t = page_setup(__file__)
fw, lang, db, blind = framework(), t.lang, database(), st.session_state.blind
st.title(t("cpage.title"))

vacancies = {v.id: v for v in list_vacancies(db)}
if not vacancies:
    if current_actor().may(Action.MANAGE_VACANCIES):
        st.info(t("cand.no_vacancy"), icon=":material/info:")
        page_link("pages/vacancies.py", label=t("cand.go_vacancies"), icon=":material/work:")
    else:  # an interviewer before any assignment
        st.info(t("cand.none_assigned"), icon=":material/info:")
    st.stop()
wanted = st.session_state.pop("cpage_candidate_wanted", None)
applied = candidate_vacancies(db, wanted) if wanted is not None else []
if wanted is not None and not applied:
    st.warning(t("cpage.unknown", id=wanted), icon=":material/person_off:")
choices = applied or list(vacancies)
wanted_vacancy = st.session_state.pop("cpage_vacancy_wanted", None)
if wanted_vacancy in choices:
    st.session_state.cpage_vacancy_choice = wanted_vacancy
elif st.session_state.get("cpage_vacancy_choice") not in choices:
    current = st.session_state.get("vacancy_id")
    st.session_state.cpage_vacancy_choice = current if current in choices else choices[0]
top1, top2 = st.columns(2)
vacancy_id = top1.selectbox(
    t("vac.choose"),
    choices,
    format_func=lambda i: vacancies[i].title,
    key="cpage_vacancy_choice",
    placeholder=t("common.choose_option"),
)
ranks = current_actor().may(Action.VIEW_RANKING)  # interviewers: no ranking, so no evaluation
inputs = load_vacancy(db, vacancy_id, with_self=True) if ranks else None
apps = inputs.applications if inputs is not None else applications(db, vacancy_id)
if apps.empty:
    st.info(t("cand.none"), icon=":material/info:")
    st.stop()
labels = dict(zip(apps["candidate_id"], map(candidate_label, apps["code"], apps["name"]), strict=True))
if wanted in labels:
    st.session_state.cpage_candidate_choice = wanted
elif st.session_state.get("cpage_candidate_choice") not in labels:
    st.session_state.cpage_candidate_choice = next(iter(labels))
candidate_id = top2.selectbox(
    t("cand.candidate"),
    list(labels),
    format_func=labels.get,
    **kept("cpage_candidate_choice", options=labels, by_blind=True),
    placeholder=t("common.choose_option"),
)
st.session_state.cpage_candidate_seen, st.session_state.cpage_vacancy_seen = candidate_id, vacancy_id
st.query_params.update({"candidate": str(candidate_id), "vacancy": str(vacancy_id)})

actor = current_actor()  # team mode: the signed-in user is the viewer (smm_eval.services.scope)
viewer = actor.name if actor.kind == "user" else st.session_state.get("rater_name", "")
try:
    file = candidate_file(db, vacancy_id, int(candidate_id), viewer, blind)
except NotFoundError:
    st.warning(t("cpage.gone"), icon=":material/person_off:")
    st.stop()
profile = file.profile
st.subheader(escape_markdown(labels[candidate_id]), anchor=False)

# Profile: stage with its dated history, expected pay, contact.
p1, p2, p3 = st.columns(3, border=True)
p1.metric(t("cand.stage"), t(f"cpage.stages.{profile.stage}"))
p1.caption(t("cpage.applied", date=t.date(profile.applied_at)))
moves = [m for m in profile.history if m.from_stage is not None]
with p1.expander(t.plural("cpage.history_title", len(moves)), icon=":material/history:"):
    if moves:
        st.dataframe(
            pd.DataFrame(
                {
                    t("cpage.history_when"): [t.date_time(m.changed_at, "medium") for m in moves],
                    t("cpage.history_from"): [t(f"cand.stages.{m.from_stage}") for m in moves],
                    t("cpage.history_to"): [t(f"cand.stages.{m.to_stage}") for m in moves],
                }
            ),
            hide_index=True,
        )
    else:
        st.caption(t("cpage.history_none"))
amount = profile.expected_salary  # as the candidate gave it: not rounded (the compare page shows the same)
pay = "—" if amount is None else f"{t.number(amount)} {escape_markdown(profile.expected_currency)}"
p2.metric(t("cand.expected_salary"), pay, help=t("cpage.pay_help"))
if amount is not None:
    p2.caption(t("cpage.pay_basis", basis=t(f"sal.gross_net.{profile.expected_gross_net}")))
p3.metric(t("cand.source"), escape_markdown(profile.source) or "—")  # a metric's value is Markdown
with p3:  # user text: never Markdown (a contact would become a link)
    st.text(t("cpage.contact", contact="—" if blind else (profile.contact or "—")))
if blind:
    st.caption(t("life.free_text_hidden"))

# The same confirmed stage control as the candidates page, for this candidate only (those who
# manage candidates: interviewers do not move stages).
if inputs is not None and current_actor().may(Action.MANAGE_CANDIDATES):
    application_id = int(apps.set_index("candidate_id").at[candidate_id, "application_id"])
    stage_control(db, apps, vacancy_id, prefix="cpage", only=application_id)

# Scores (for those who may see the ranking: interviewers may not), from the same evaluation as the compare page.
if inputs is not None:
    evaluation = cached.evaluation(inputs.ratings, apps, inputs.spec, fw)
    row = evaluation.ranking.loc[profile.code]
    s1, s2, s3, s4 = st.columns(4, border=True)
    band = band_text(t, [row["overall_low"]], [row["overall_high"]])[0]
    s1.metric(t("res.overall"), score_text(t, [row["overall"]])[0], help=t("res.overall_help"))
    s1.caption(t("cpage.band", band=band))
    s2.metric(t("res.fit_short"), "—" if pd.isna(row["fit"]) else t.number(row["fit"]))
    if pd.isna(row["fit"]):
        s2.caption(t("res.to_rate_cell", count=int(row["to_rate"])))
    s3.metric(t("res.level"), level_text(t, row["level"], bool(row["level_provisional"]), int(row["level_to_rate"])))
    ranked = int(evaluation.ranking["ranked"].sum())
    rank = "—" if pd.isna(row["rank"]) else t("cpage.rank", rank=t.number(int(row["rank"])), of=t.number(ranked))
    s4.metric(t("cpage.rank_label"), rank)
    s4.caption(rwg_text(t, row["rwg"], int(row["raters"])))

if profile.notes.strip():
    st.markdown(f"**{t('cand.notes')}**")
    st.text(profile.notes)  # user text: never Markdown or HTML

assignments_section(t, db, vacancy_id, int(candidate_id))  # recruiters and admins, team mode only
self_section(t, file, self_beside_interviewers(file, fw), fw)
candidate_invitations(t, db, int(candidate_id), vacancy_id)  # a self-assessment link (recruiters)
scorecards_section(t, file, viewer, fw)
candidate_data_section(t, db, profile.code, blind)
