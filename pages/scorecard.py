"""Scorecard: one rater scores one candidate for a vacancy, by behavioural anchors with evidence.

One block of competencies at a time, with progress and "next block"; everything chosen or typed is
a draft kept in the workspace database (services.drafts) until the rater submits or discards it.
Other raters' scorecards for the candidate stay hidden until this rater has submitted their own
(the service leaves them out: `services.candidates.scorecard_context`). In a team workspace the
rater is the signed-in user: no name is typed, so nobody scores or reads as a colleague.
"""

from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from pages import _cached as cached
from pages._conflict import show_conflict
from pages._downloads import table_download
from pages._navigation import page_link
from pages._state import announce, announced, confirmed_button, counted, forget, kept
from pages._ui import (
    FORM,
    candidate_label,
    current_actor,
    database,
    framework,
    page_setup,
    show_problems,
    vacancy_selector,
)
from smm_eval.errors import InputError, problems_from_validation
from smm_eval.recruiting import assessed_competencies, few_rated
from smm_eval.schemas import ScorecardInput
from smm_eval.services.candidates import save_scorecard
from smm_eval.services.drafts import Draft, discard_draft, keep_draft, load_draft
from smm_eval.services.recruiting import ConflictError, NotFoundError
from smm_eval.vocabulary import RECOMMENDATIONS

t = page_setup(__file__)
fw, lang, db = framework(), t.lang, database()
comps = fw.competencies
NOT_ANSWERED, OVERALL = "none", "overall"  # the "not answered" level option; the last step

st.title(t("card.title"))
st.write(t("card.intro"))
c1, c2, c3 = st.columns(3)
vacancy = vacancy_selector(c1)
vacancy_id = vacancy.id
version, apps = cached.vacancy_applications(db, vacancy_id)  # read again only when the vacancy changed
if apps.empty:
    st.info(t("cand.none"), icon=":material/info:")
    page_link("pages/candidates.py", label=t("nav.candidates"), icon=":material/person_add:")
    st.stop()
labels = dict(zip(apps["candidate_id"], map(candidate_label, apps["code"], apps["name"]), strict=True))
chosen_candidate = kept("card_candidate", next(iter(labels)), options=labels, by_blind=True)
candidate_id = int(
    c2.selectbox(
        t("cand.candidate"),
        list(labels),
        format_func=labels.get,
        **chosen_candidate,
        placeholder=t("common.choose_option"),
    )
)
actor = current_actor()
if actor.kind == "user":  # team mode: the signed-in user signs the scorecard (smm_eval.services.scope)
    rater = actor.name
    c3.caption(t("roles_ui.signed_as", name=rater))
else:
    if "card_rater_input" not in st.session_state:
        st.session_state.card_rater_input = st.session_state.rater_name
    rater = c3.text_input(t("card.rater"), max_chars=100, key="card_rater_input", help=t("card.rater_help")).strip()
    st.session_state.rater_name = rater
    if not rater:
        st.info(t("card.need_name"), icon=":material/badge:")
        st.stop()

context = cached.scorecard_view(db, vacancy_id, version, candidate_id, rater)
mine, own_items, rater = context.mine, context.items, context.rater
own = own_items.loc[own_items["rater"] == rater].set_index("competency")
profile = vacancy.profile
asked = assessed_competencies(profile, fw)
steps = [b for b in fw.blocks if any(c.id in asked for c in b.competencies)]
# The version this session started from (0: none yet) is kept from the first time the form was drawn
# for this card: the submit carries it, so a save somebody made in between (another tab, a colleague
# under the same name) refuses this one instead of being silently replaced or replacing it.
slot = f"{vacancy_id}_{candidate_id}_{rater}"
started: dict[str, int] = st.session_state.setdefault("card_started", {})
current = mine.version if mine else 0
base = started.setdefault(slot, current)
if mine is not None and base == current:
    st.success(t("card.editing", date=t.date_time(mine.submitted_at), version=mine.version), icon=":material/edit:")
elif mine is not None:  # saved in between (another tab, or a colleague under this name): never "you submitted"
    saved = t.date_time(mine.submitted_at)
    st.warning(t("locking_ui.card_newer", date=saved, version=mine.version), icon=":material/sync_problem:")
# The draft of this (vacancy, candidate, rater, version started from) lives in the session and in the
# database: restored from the database when the rater comes back, else from the submitted card.
card_id = f"{slot}_{base}"
drafts: dict[str, Draft] = st.session_state.setdefault("card_drafts", {})
if card_id not in drafts:
    stored = load_draft(db, vacancy_id, candidate_id, rater, fw)
    if stored is not None:
        st.session_state.card_flash_restored = t.date_time(stored.saved_at)
    drafts[card_id] = stored or Draft(
        levels={c: int(v) for c, v in own["level"].items()},
        evidence={c: str(e or "") for c, e in own["evidence"].items()},
        qualities=mine.qualities if mine else (),
        red_flags=mine.red_flags if mine else (),
        recommendation=mine.recommendation if mine else None,
        notes=mine.notes if mine else "",
    )
draft = drafts[card_id]


def change(**fields: Any) -> None:
    """One change of the draft: kept in the session and stored in the database."""
    updated = replace(drafts[card_id], **fields, saved_at=None)  # the session's draft: callbacks may chain
    drafts[card_id] = updated
    keep_draft(db, vacancy_id, candidate_id, rater, updated)
    forget("card_flash")  # the last submit's notice goes once the rater works on a card again


def still_open() -> bool:
    """Whether the card these widgets were drawn for is still a draft. A change that reaches the
    server after the card was submitted or discarded (a click racing the submit's run: seen with
    two app processes under load, issue 17) belongs to no draft any more: it is dropped, and the
    page draws the card as stored, which is what was saved."""
    return card_id in drafts


def level_changed(competency_id: str, key: str) -> None:
    if not still_open():
        return
    choice, levels = st.session_state[key], dict(drafts[card_id].levels)
    if choice in (None, NOT_ANSWERED):
        levels.pop(competency_id, None)
    else:
        levels[competency_id] = int(choice)
    change(levels=levels)


def evidence_changed(competency_id: str, key: str) -> None:
    if still_open():
        change(evidence={**drafts[card_id].evidence, competency_id: st.session_state[key]})


def field_changed(name: str, key: str) -> None:
    if not still_open():
        return
    value = st.session_state[key]
    change(**{name: tuple(value) if isinstance(value, list) else value})


def level_text(comp: Any, option: str) -> str:
    return t("state.not_answered") if option == NOT_ANSWERED else comp.anchors[int(option)].get(lang)


def seeded(key: str, value: Any) -> str:
    """Seed a widget key from the draft on every run (the widget is not drawn on other steps)."""
    if st.session_state.get(key) != value:
        st.session_state[key] = value
    return key


if restored := st.session_state.pop("card_flash_restored", None):
    st.info(t("state.card_restored", date=restored), icon=":material/history:")
rated = sum(c in draft.levels for c in asked)
st.progress(rated / max(len(asked), 1), text=t("state.card_progress", rated=rated, total=len(asked)))
step_ids = [b.id for b in steps] + [OVERALL]
step_names = {b.id: b.name.get(lang) for b in steps} | {OVERALL: t("card.overall_title")}
# Each block's control shows how much of it is rated ("Marketing 3/6"); the value stays the block id.
block_counts = {b.id: [c.id in draft.levels for c in b.competencies if c.id in asked] for b in steps}
step_labels = step_names | {
    b: t("state.card_step_count", block=step_names[b], rated=sum(done), total=len(done))
    for b, done in block_counts.items()
}
step = st.segmented_control(
    t("state.card_step"),
    step_ids,
    format_func=step_labels.get,
    required=True,
    **kept("card_step", step_ids[0], by_language=True, options=step_ids),
)
step = step if step in step_ids else step_ids[0]
options = [NOT_ANSWERED, *(str(s.level) for s in fw.scale)]
captions = ["", *(t("sa.level_caption", level=s.level, name=s.name.get(lang)) for s in fw.scale)]
prefix = f"card_{card_id}"
if step != OVERALL:
    block = fw.block(step)
    block_comps = [c for c in block.competencies if c.id in asked]
    done_here = sum(c.id in draft.levels for c in block_comps)
    st.caption(t("state.card_block_progress", rated=done_here, total=len(block_comps)))
    for comp in block_comps:
        level_key = f"{prefix}_level_{lang}_{comp.id}"  # option labels change with the language
        evidence_key = f"{prefix}_evidence_{comp.id}"
        level_now = draft.levels.get(comp.id)
        seeded(level_key, NOT_ANSWERED if level_now is None else str(level_now))
        seeded(evidence_key, draft.evidence.get(comp.id, ""))
        with st.container(border=True):
            st.markdown(f"**{comp.name.get(lang)}** · {t('card.target', target=profile.targets[comp.id])}")
            st.radio(
                comp.name.get(lang), options, captions=captions, label_visibility="collapsed", key=level_key,
                format_func=lambda lv, c=comp: level_text(c, lv),
                on_change=level_changed, args=(comp.id, level_key),
            )  # fmt: skip
            st.text_input(
                t("card.evidence"), max_chars=2000, key=evidence_key, placeholder=t("card.evidence_placeholder"),
                on_change=evidence_changed, args=(comp.id, evidence_key),
            )  # fmt: skip
    following = step_ids[step_ids.index(step) + 1]
    st.button(
        t("state.card_next", step=step_names[following]), icon=":material/arrow_forward:", key="card_next",
        on_click=st.session_state.__setitem__, args=("card_step", following),  # kept() seeds the control
    )  # fmt: skip
else:
    quality_names = {q.id: q.name.get(lang) for q in fw.personal_qualities}
    flag_names = {f.id: f.name.get(lang) for f in fw.red_flags}
    key = seeded(f"{prefix}_qualities_{lang}", list(draft.qualities))
    st.multiselect(t("card.qualities"), list(quality_names), format_func=quality_names.get, key=key,
                   placeholder=t("common.choose_options"), on_change=field_changed,
                   args=("qualities", key))  # fmt: skip
    key = seeded(f"{prefix}_flags_{lang}", list(draft.red_flags))
    st.multiselect(t("card.red_flags"), list(flag_names), format_func=flag_names.get, key=key,
                   placeholder=t("common.choose_options"), on_change=field_changed,
                   args=("red_flags", key))  # fmt: skip
    key = seeded(f"{prefix}_rec_{lang}", draft.recommendation)
    # index=None: nothing is shown chosen until the rater chooses (a preselected first option was
    # shown as "Definitely not" while the scorecard stored no recommendation).
    st.radio(t("card.recommendation"), RECOMMENDATIONS, horizontal=True, format_func=lambda r: t(f"card.rec.{r}"),
             index=None, key=key, on_change=field_changed, args=("recommendation", key))  # fmt: skip
    key = seeded(f"{prefix}_notes", draft.notes)
    st.text_area(t("card.notes"), max_chars=5000, key=key, on_change=field_changed, args=("notes", key))


def discard() -> None:
    discard_draft(db, vacancy_id, candidate_id, rater)
    drafts.pop(card_id, None)
    started.pop(slot, None)
    announce("card_flash", t("state.card_discarded"))


def keep_over_saved() -> None:
    """After a refused submit: start from the version saved now, with this session's input."""
    drafts[f"{slot}_{current}"] = drafts[card_id]
    started[slot] = current
    keep_draft(db, vacancy_id, candidate_id, rater, drafts[card_id])


st.divider()
if unrated := draft.evidence_without_level():  # dropped on submit: say so before, not after
    names = ", ".join(fw.competencies[c].name.get(lang) for c in unrated if c in fw.competencies)
    st.warning(t.plural("card.evidence_unrated", len(unrated), names=names), icon=":material/warning:")
submit_col, discard_col = st.columns([3, 2])
if few_rated(rated, len(asked)):  # 1 of 25 rated still moves the fit: the rater confirms first
    confirmed_button(
        "card_submit_few", t("card.submit"), t("state.card_few_question", rated=rated, total=len(asked)),
        lambda: st.session_state.__setitem__("card_submit_now", True), yes_label=t("state.card_submit_anyway"),
        icon=":material/send:", container=submit_col, primary=True,
    )  # fmt: skip
    submitted = bool(st.session_state.pop("card_submit_now", False))
else:
    st.session_state.pop("card_submit_few__asking", None)  # a question asked before more were rated
    submitted = submit_col.button(t("card.submit"), icon=":material/send:", type="primary", key="card_submit")
confirmed_button(
    "card_discard", t("state.card_discard"), t("state.card_discard_question"), discard,
    disabled=draft.is_empty() and mine is None, container=discard_col,
)  # fmt: skip
if submitted:
    try:
        card = ScorecardInput(
            candidate_id=candidate_id, vacancy_id=vacancy_id, rater=rater, levels=dict(draft.levels),
            evidence={c: e for c, e in draft.evidence.items() if c in draft.levels and e.strip()},
            qualities=list(draft.qualities), red_flags=list(draft.red_flags), recommendation=draft.recommendation,
            notes=draft.notes,
        )  # fmt: skip
        save_scorecard(db, card, fw, base or None)
        drafts.pop(card_id, None)
        started.pop(slot, None)
        announce("card_flash", counted("state.card_saved", len(draft.levels)))
        st.rerun()
    except ValidationError as exc:
        show_problems(InputError(problems_from_validation(exc, t("card.title"))), FORM)
    except InputError as exc:
        show_problems(exc, FORM)
    except ConflictError as exc:  # saved in between: say by whom and when, keep the input to retry
        show_conflict(t, exc, t("locking_ui.card_kept"))
        st.button(t("locking_ui.card_keep"), icon=":material/sync:", key="card_keep", on_click=keep_over_saved)
    except NotFoundError:  # deleted in between: the input stays, a submit now creates a new card
        st.error(t("card.conflict", detail=t("card.gone")), icon=":material/sync_problem:")
        st.button(t("locking_ui.card_keep"), icon=":material/sync:", key="card_keep", on_click=keep_over_saved)
announced("card_flash")  # under the button, and a toast in sight however far the page is scrolled

st.subheader(t("card.others_title"), anchor=False)
others = own_items.loc[own_items["rater"] != rater]
if mine is None and context.hidden_raters:  # left out by the service until this rater submits
    st.info(t.plural("card.others_hidden", context.hidden_raters), icon=":material/visibility_off:")
elif others.empty:
    st.write(t("card.others_none"))
else:
    table = own_items.pivot_table(index="competency", columns="rater", values="level", aggfunc="first")
    table.index = [comps[c].name.get(lang) for c in table.index]
    # A rater who did not rate a competency: a dash, not the table's "None".
    levels = table.map(lambda v: "—" if pd.isna(v) else str(int(v)))
    st.dataframe(levels, width="stretch")
    table_download(levels.rename_axis(t("sf.competency")).reset_index(), "raters-levels.csv", "card_levels_csv")
    summary = own_items.drop_duplicates("rater")[["rater", "recommendation"]].assign(
        recommendation=lambda f: [t(f"card.rec.{r}") if isinstance(r, str) else "—" for r in f["recommendation"]]
    )
    recommendations = pd.DataFrame(summary.values, columns=[t("card.rater"), t("card.recommendation")])
    st.dataframe(recommendations, hide_index=True)
    table_download(recommendations, "recommendations.csv", "card_recommendations_csv")
