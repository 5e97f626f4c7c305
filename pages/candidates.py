"""Candidates of a vacancy: add by hand or import from CSV, move through stages, export and back up."""

import json

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from pages import _cached as cached
from pages._ui import FORM, candidate_label, database, framework, page_setup, roles, show_problems, vacancy_selector
from smm_eval import store
from smm_eval.db import head_revision
from smm_eval.errors import InputError, problems_from_validation
from smm_eval.files.candidates import read_candidates
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.files.saved import parse_saved
from smm_eval.schemas import CandidateInput
from smm_eval.vocabulary import STAGES

t = page_setup(__file__)
fw, all_roles, lang, db = framework(), roles(), t.lang, database()
blind = st.session_state.blind

st.title(t("cand.title"))
vacancy = vacancy_selector()
vacancy_id = vacancy.id

add_tab, import_tab, self_tab = st.tabs([t("cand.add_tab"), t("cand.import_tab"), t("cand.self_tab")])
with add_tab, st.form("cand_add", clear_on_submit=True):
    name = st.text_input(t("cand.name"), max_chars=200)
    c1, c2, c3 = st.columns(3)
    contact = c1.text_input(t("cand.contact"), max_chars=200)
    source = c2.text_input(t("cand.source"), max_chars=100)
    salary = c3.number_input(t("cand.expected_salary"), min_value=0, step=5000, value=None)
    notes = st.text_area(t("cand.notes"), max_chars=5000)
    if st.form_submit_button(t("cand.add"), icon=":material/person_add:"):
        try:
            data = CandidateInput(name=name, contact=contact, source=source, notes=notes, expected_salary=salary)
            with db.transaction() as session:
                store.add_candidate(session, data, vacancy_id)
            st.success(t("cand.added", name=data.name if not blind else "—"))
        except ValidationError as exc:
            show_problems(InputError(problems_from_validation(exc, t("cand.add_tab"))), FORM)
        except InputError as exc:
            show_problems(exc, FORM)

with import_tab:
    st.caption(t("cand.import_help"))
    ratings_file = st.file_uploader(t("cand.ratings_file"), type=["csv"], key="cand_ratings")
    people_file = st.file_uploader(t("cand.people_file"), type=["csv"], key="cand_people")
    if st.button(t("cand.import"), disabled=ratings_file is None, icon=":material/upload:", type="primary"):
        bar = st.progress(0.0, text=t("cand.reading"))
        try:
            table = read_wide_ratings(ratings_file.getvalue(), ratings_file.name, fw.competency_ids)
            people = read_candidates(people_file.getvalue(), people_file.name) if people_file else None
            bar.progress(0.2, text=t("cand.storing"))
            with db.transaction() as session:
                summary = store.import_ratings(
                    session, table, vacancy.title, None, fw, all_roles, candidates=people, source=ratings_file.name,
                    progress=lambda share: bar.progress(0.2 + 0.8 * share, text=t("cand.storing")),
                )  # fmt: skip
            bar.empty()
            st.success(
                t("cand.imported", new=summary.candidates_created, existing=summary.candidates_existing,
                  cards=summary.scorecards, selfs=summary.self_assessments)
            )  # fmt: skip
        except InputError as exc:
            bar.empty()
            show_problems(exc)

with db.transaction() as session:
    apps = store.applications_frame(session, vacancy_id)

with self_tab:
    st.caption(t("cand.self_help"))
    if apps.empty:
        st.write(t("cand.none"))
    else:
        labels = {
            i: candidate_label(code, name)
            for i, code, name in apps[["candidate_id", "code", "name"]].itertuples(index=False)
        }
        who = st.selectbox(t("cand.who"), list(labels), format_func=labels.get)
        saved_file = st.file_uploader(t("sa.load.label"), type=["json"], key="cand_self_file")
        if saved_file is not None and st.button(t("cand.attach"), icon=":material/link:"):
            try:
                saved = parse_saved(saved_file.getvalue(), saved_file.name, fw, all_roles)
                label = apps.set_index("candidate_id").at[who, "code"]
                with db.transaction() as session:
                    store.save_self_assessment(session, label, saved.role, saved.answers, candidate_id=int(who))
                st.success(t("cand.attached", answered=len(saved.answers)))
            except InputError as exc:
                show_problems(exc)

st.subheader(t("cand.list_title", count=len(apps)), anchor=False)
if apps.empty:
    st.info(t("cand.none"), icon=":material/info:")
    st.stop()

shown = pd.DataFrame(
    {
        t("cand.candidate"): [candidate_label(c, n) for c, n in zip(apps["code"], apps["name"], strict=True)],
        t("cand.contact"): "—" if blind else apps["contact"],
        t("cand.source"): apps["source"],
        t("cand.expected_salary"): apps["expected_salary"],
        t("cand.stage"): apps["stage"],
        t("cand.scorecards"): apps["scorecards"],
    }
)
edited = st.data_editor(
    shown, hide_index=True, key=f"cand_table_{vacancy_id}",
    disabled=[c for c in shown.columns if c != t("cand.stage")],
    column_config={t("cand.stage"): st.column_config.SelectboxColumn(options=list(STAGES), required=True)},
)  # fmt: skip
changed = edited[t("cand.stage")] != apps["stage"]
if changed.any() and st.button(t("cand.save_stages", count=int(changed.sum())), icon=":material/save:"):
    try:
        with db.transaction() as session:
            for row in apps.loc[changed].itertuples():
                store.set_stage(
                    session, row.application_id, row.application_version, edited.at[row.Index, t("cand.stage")]
                )
        st.rerun()
    except (store.ConflictError, store.NotFoundError):
        st.error(t("cand.stage_conflict"), icon=":material/sync_problem:")

st.subheader(t("cand.export_title"), anchor=False)
with db.transaction() as session:
    cards = store.scorecards_frame(session, vacancy_id)
    ratings = store.ratings_for_vacancy(session, vacancy_id)
    spec = store.spec_of(vacancy)
profiles = cached.evaluation(ratings, apps, spec, fw).ranking
profile_export = profiles.reset_index(names="code")[
    ["rank", "code", "name", "overall", "overall_low", "overall_high", "fit", "passed", "total", "level", "raters"]
]
card_export = cards.drop(columns=["name", "version"]).rename(columns={"person": "code"})
if blind:
    profile_export = profile_export.drop(columns="name")
e1, e2, e3, e4 = st.columns(4)
hidden = ["candidate_id", "application_id", "application_version"] + (["name", "contact"] if blind else [])
e1.download_button(t("cand.export_candidates"), cached.csv(apps.drop(columns=hidden)), file_name="candidates.csv",
                   mime="text/csv", icon=":material/download:")  # fmt: skip
e2.download_button(t("cand.export_scorecards"), cached.csv(card_export.astype({"red_flags": str, "qualities": str})),
                   file_name="scorecards.csv", mime="text/csv", icon=":material/download:")  # fmt: skip
e3.download_button(t("cand.export_profiles"), cached.csv(profile_export), file_name="profiles.csv",
                   mime="text/csv", icon=":material/download:")  # fmt: skip


def backup_json() -> str:
    with db.transaction() as session:
        return json.dumps(store.backup(session, head_revision()), ensure_ascii=False, indent=1)


e4.download_button(t("cand.backup"), backup_json, file_name="smm-eval-backup.json", mime="application/json",
                   icon=":material/backup:", help=t("cand.backup_help"))  # fmt: skip
st.caption(t("cand.export_help"))
