"""Candidates of a vacancy: add by hand or import from CSV, move through stages, export and back up."""

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from pages import _cached as cached
from pages._candidate_links import candidate_page_link
from pages._lifecycle_sections import retention_section
from pages._stage import stage_control
from pages._state import amount_problems, announce, announced, forget, kept, money_input
from pages._ui import (
    FORM,
    candidate_label,
    current_actor,
    database,
    fitted_table,
    framework,
    import_counts,
    import_files,
    page_setup,
    roles,
    show_problems,
    skipped_note,
    vacancy_selector,
)
from smm_eval.access import Action
from smm_eval.errors import InputError, problems_from_validation
from smm_eval.markdown import escape_markdown
from smm_eval.salary import GROSS_NET, MARKETS, load_market
from smm_eval.schemas import CandidateInput
from smm_eval.services.candidates import (
    add_candidate,
    attach_self_assessment,
    backup_json,
    import_candidates,
    read_import,
)
from smm_eval.services.form_import import looks_like_form_export

t = page_setup(__file__)
# The currencies an expected salary can be judged in: those of the salary markets (RUB first).
EXPECTED_CURRENCIES = list(dict.fromkeys(load_market(m).currency for m in MARKETS))
fw, all_roles, lang, db = framework(), roles(), t.lang, database()
blind = st.session_state.blind

st.title(t("cand.title"))
vacancy = vacancy_selector()
vacancy_id = vacancy.id


# Keyed: the chosen tab stays when what is drawn around it changes (a message, a new candidate).
add_tab, import_tab, self_tab = st.tabs([t("cand.add_tab"), t("cand.import_tab"), t("cand.self_tab")], key="cand_tabs")
NEW = ("cand_new_name", "cand_new_contact", "cand_new_source", "cand_new_salary", "cand_new_notes")
# The add form's field ids (as its problems name them) -> the labels the form shows.
NEW_LABELS = {
    "name": "cand.name", "contact": "cand.contact", "source": "cand.source", "notes": "cand.notes",
    "expected_salary": "cand.expected_salary",
}  # fmt: skip
with add_tab:  # every field kept (pages/_state.py): a refused add, a page or a language switch loses nothing
    if st.session_state.get("cand_new_name"):  # the next candidate begun: the last one's notice goes
        forget("cand_add_flash")
    name = st.text_input(t("cand.name"), max_chars=200, **kept("cand_new_name", ""))
    c1, c2, c3 = st.columns(3)
    contact = c1.text_input(t("cand.contact"), max_chars=200, **kept("cand_new_contact", ""))
    source = c2.text_input(t("cand.source"), max_chars=100, **kept("cand_new_source", ""))
    salary = money_input(t("cand.expected_salary"), "cand_new_salary", container=c3)
    c4, c5 = st.columns(2)
    currency = c4.selectbox(
        t("cand.expected_currency"),
        EXPECTED_CURRENCIES,
        **kept("cand_new_currency", EXPECTED_CURRENCIES[0]),
        placeholder=t("common.choose_option"),
    )
    gross_net = c5.selectbox(
        t("cand.expected_gross_net"), GROSS_NET, format_func=lambda g: t(f"sal.gross_net.{g}"),
        **kept("cand_new_gross_net", GROSS_NET[0], by_language=True),
        placeholder=t("common.choose_option"),
    )  # fmt: skip
    notes = st.text_area(t("cand.notes"), max_chars=5000, **kept("cand_new_notes", ""))
    if st.button(t("cand.add"), icon=":material/person_add:", key="cand_add"):
        bad = amount_problems({"cand_new_salary": "expected_salary"}, t("cand.add_tab"))  # not saved
        try:
            data = CandidateInput(
                name=name, contact=contact, source=source, notes=notes, expected_salary=salary,
                expected_currency=currency, expected_gross_net=gross_net,
            )  # fmt: skip
            if bad:
                raise InputError(bad)
            add_candidate(db, data, vacancy_id)
            forget(*NEW)
            announce("cand_add_flash", t("cand.added", name=escape_markdown(data.name) if not blind else "—"))
            st.rerun()
        except ValidationError as exc:
            show_problems(InputError(problems_from_validation(exc, t("cand.add_tab")) + bad), FORM, NEW_LABELS)
        except InputError as exc:
            show_problems(exc, FORM, NEW_LABELS)
    announced("cand_add_flash")  # under the button

with import_tab:
    st.caption(t("cand.import_help"))
    # The uploaders' keys carry a counter bumped after each import: the imported files are then
    # detached, so that clicking Import again cannot store them twice and a new ratings file is
    # never read with the previous candidates file.
    uploads = st.session_state.setdefault("cand_uploads", 0)
    import_files("ratings", "cand_ratings")
    ratings_file = st.file_uploader(t("cand.ratings_file"), type=["csv"], key=f"cand_ratings_{uploads}")
    import_files("candidates", "cand_people")
    people_file = st.file_uploader(t("cand.people_file"), type=["csv"], key=f"cand_people_{uploads}")
    done = st.session_state.pop("cand_imported", None)
    if done is not None:  # the summary of the import just made, kept across the rerun that detached its files
        st.success(t("cand.imported", **import_counts(t, done["summary"])))
        skipped_note(done["blank"])
    if st.button(t("cand.import"), disabled=ratings_file is None, icon=":material/upload:", type="primary"):
        bar = st.progress(0.0, text=t("cand.reading"))
        try:
            people = (people_file.getvalue(), people_file.name) if people_file else None
            files = read_import((ratings_file.getvalue(), ratings_file.name), people, fw)
            bar.progress(0.2, text=t("cand.storing"))
            summary = import_candidates(
                db, vacancy.title, None, files, fw, all_roles,
                progress=lambda share: bar.progress(0.2 + 0.8 * share, text=t("cand.storing")),
            )  # fmt: skip
            bar.empty()
            st.session_state.cand_imported = {"summary": summary, "blank": files.blank_records}
            st.session_state.cand_uploads = uploads + 1
            st.rerun()
        except InputError as exc:
            bar.empty()
            show_problems(exc)
            if looks_like_form_export(ratings_file.getvalue(), ratings_file.name, fw):
                st.page_link("pages/form_import.py", label=t("fi.go"), icon=":material/dynamic_form:")

view = cached.vacancy_view(db, vacancy_id, fw)  # read again only when the vacancy changed
apps = view.inputs.applications

with self_tab:
    st.caption(t("cand.self_help"))
    if apps.empty:
        st.write(t("cand.none"))
    else:
        labels = {
            i: candidate_label(code, name)
            for i, code, name in apps[["candidate_id", "code", "name"]].itertuples(index=False)
        }
        who = st.selectbox(
            t("cand.who"), list(labels), format_func=labels.get,
            **kept(f"cand_self_who_{vacancy_id}", next(iter(labels)), options=labels, by_blind=True),
            placeholder=t("common.choose_option"),
        )  # fmt: skip
        saved_file = st.file_uploader(t("sa.load.label"), type=["json"], key="cand_self_file")
        if saved_file is not None and st.button(t("cand.attach"), icon=":material/link:"):
            try:
                code = str(apps.set_index("candidate_id").at[who, "code"])
                answered = attach_self_assessment(
                    db, int(who), code, (saved_file.getvalue(), saved_file.name), fw, all_roles
                )
                st.success(t.plural("cand.attached", answered))
            except InputError as exc:
                show_problems(exc)

st.subheader(t.plural("cand.list_title", len(apps)), anchor=False)
if apps.empty:
    st.info(t("cand.none"), icon=":material/info:")
    st.stop()

shown = pd.DataFrame(
    {
        t("cand.candidate"): [candidate_label(c, n) for c, n in zip(apps["code"], apps["name"], strict=True)],
        t("cand.contact"): "—" if blind else apps["contact"],
        t("cand.source"): apps["source"],
        t("cand.expected_salary"): [
            "—" if pd.isna(v) else f"{t.number(v)} {c} · {t(f'sal.gross_net.{g}')}"
            for v, c, g in zip(
                apps["expected_salary"], apps["expected_currency"], apps["expected_gross_net"], strict=True
            )
        ],
        t("cand.stage"): apps["stage"],
        t("cand.scorecards"): apps["scorecards"],
    }
)
shown[t("cand.stage")] = shown[t("cand.stage")].map(lambda s: t(f"cand.stages.{s}"))
fitted_table(shown)  # columns fit the page in both languages
candidate_page_link(
    dict(zip(apps["candidate_id"], map(candidate_label, apps["code"], apps["name"]), strict=True)),
    vacancy_id,
    "cand_open_page",
)
stage_control(db, apps, vacancy_id, prefix="cand")

st.subheader(t("cand.export_title"), anchor=False)
candidates_csv, scorecards_csv, profiles_csv = cached.export_files(db, vacancy_id, view, blind)
e1, e2, e3, e4 = st.columns(4)
e1.download_button(t("cand.export_candidates"), candidates_csv, file_name="candidates.csv",
                   mime="text/csv", icon=":material/download:")  # fmt: skip
e2.download_button(t("cand.export_scorecards"), scorecards_csv,
                   file_name="scorecards.csv", mime="text/csv", icon=":material/download:")  # fmt: skip
e3.download_button(t("cand.export_profiles"), profiles_csv, file_name="profiles.csv",
                   mime="text/csv", icon=":material/download:")  # fmt: skip
if blind:  # the full backup holds every name
    e4.caption(t("life.backup_blind"))
elif current_actor().may(Action.BACKUP):  # a full backup: admins only (smm_eval.access)
    e4.download_button(t("cand.backup"), lambda: backup_json(db), file_name="smm-eval-backup.json",
                       mime="application/json", icon=":material/backup:", help=t("cand.backup_help"))  # fmt: skip
st.caption(t("cand.export_help"))
retention_section(t, db, blind)
