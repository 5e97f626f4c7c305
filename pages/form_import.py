"""Import a form export: map a raw Google Forms / Microsoft Forms / Typeform / spreadsheet export's
columns and answers, resolve duplicate submissions, then score it or store it as scorecards."""

import hashlib

import pandas as pd
import streamlit as st

from pages._downloads import table_download
from pages._state import kept
from pages._ui import database, framework, import_counts, page_setup, role_name, roles, show_problems, skipped_note
from smm_eval.errors import InputError
from smm_eval.files.forms import FormMapping, mapping_json, read_mapping, with_choices
from smm_eval.framework import DATA_DIR
from smm_eval.i18n import level_text
from smm_eval.markdown import escape_markdown
from smm_eval.services.form_import import FormPreview, duplicates_of, preview_form, read_form_import, score_form

t = page_setup(__file__)
fw, all_roles, lang = framework(), roles(), t.lang
SAMPLES = DATA_DIR / "samples"

st.title(t("fi.title"))
st.write(t("fi.intro"))
c1, c2 = st.columns(2)
c1.download_button(
    t("fi.sample"),
    (SAMPLES / "form_export.csv").read_bytes(),
    file_name="form_export.csv",
    mime="text/csv",
    icon=":material/download:",
)
c2.download_button(
    t("fi.sample_mapping"),
    (SAMPLES / "form_export_mapping.json").read_bytes(),
    file_name="form_export_mapping.json",
    mime="application/json",
    icon=":material/download:",
)
upload = st.file_uploader(t("fi.upload_label"), type=["csv", "xlsx"], key="fi_file", help=t("fi.upload_help"))
saved = st.file_uploader(t("fi.mapping_label"), type=["json"], key="fi_mapping_file", help=t("fi.mapping_help"))
# An uploader forgets its file when another page is opened: the files are kept in the session
# until the user uploads others or forgets them, so the page (and its choices) come back as left.
if upload is not None:  # a file in the uploader: the kept files follow the uploaders exactly
    st.session_state.fi_kept_file = (upload.name, upload.getvalue())
    st.session_state.fi_kept_mapping = (saved.name, saved.getvalue()) if saved is not None else None
elif saved is not None:
    st.session_state.fi_kept_mapping = (saved.name, saved.getvalue())
kept_file, kept_mapping = st.session_state.get("fi_kept_file"), st.session_state.get("fi_kept_mapping")
if kept_file is None:
    st.stop()
if upload is None:
    names = ", ".join(escape_markdown(n) for n, _ in filter(None, (kept_file, kept_mapping)))
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(t("state.fi_kept", names=names))
    right.button(
        t("state.fi_forget"), key="fi_forget", icon=":material/close:",
        on_click=lambda: [st.session_state.pop(k, None) for k in ("fi_kept_file", "fi_kept_mapping", "fi_digest")],
    )  # fmt: skip
file_name, data = kept_file
digest = hashlib.sha256(data + (kept_mapping[1] if kept_mapping else b"")).hexdigest()[:16]
try:
    if st.session_state.get("fi_digest") != digest:  # read once per file (and mapping), not on every rerun
        chosen = read_mapping(kept_mapping[1], kept_mapping[0], fw.competency_ids) if kept_mapping else None
        st.session_state.fi_preview = preview_form(data, file_name, fw, chosen)
        st.session_state.fi_digest = digest
except InputError as exc:
    st.session_state.pop("fi_digest", None)
    show_problems(exc)
    st.stop()
preview: FormPreview = st.session_state.fi_preview
raw, suggested = preview.raw, preview.mapping
st.caption(
    t(
        "fi.loaded",
        submissions=t.plural("counts.submissions", raw.rows),
        columns=t.plural("counts.columns", len(raw.header)),
        name=escape_markdown(file_name),
    )
)
skipped_note(raw.blank_records)
if preview.unmatched:  # the saved mapping was for another file: say so before anything else
    unmatched = ", ".join(map(escape_markdown, preview.unmatched[:5]))  # column names: user text
    st.warning(t("fi.mapping_unmatched", columns=unmatched), icon=":material/link_off:")

# 1. Columns: the role of each header, as labels in the page's language.
role_labels = {"person": t("fi.role_person"), "rater": t("fi.role_rater"), "date": t("fi.role_date")}
role_labels["ignore"] = t("fi.role_ignore")
role_labels |= {c.id: f"{c.name.get(lang)} ({c.id})" for c in fw.competencies.values()}
label_role = {label: role for role, label in role_labels.items()}
st.subheader(t("fi.columns_title"), anchor=False)
st.caption(t("fi.columns_help"))
headers = [h for h in dict.fromkeys([*raw.header, *suggested.columns]) if h]  # a saved mapping may differ
columns = pd.DataFrame(
    {
        t("fi.column"): headers,
        t("fi.examples"): [" · ".join(raw.samples(raw.header.index(h))) if h in raw.header else "" for h in headers],
        t("fi.role"): [role_labels.get(suggested.columns.get(h, "ignore"), role_labels["ignore"]) for h in headers],
    }
)
edited_columns = st.data_editor(
    columns,
    hide_index=True,
    key=f"fi_columns_{lang}_{digest}",
    disabled=[t("fi.column"), t("fi.examples")],
    column_config={t("fi.role"): st.column_config.SelectboxColumn(options=list(role_labels.values()), required=True)},
)
column_roles = dict(zip(edited_columns[t("fi.column")], edited_columns[t("fi.role")].map(label_role), strict=True))

# 2. Answers: each answer word's level; the unplaced ones start empty.
level_labels = {s.level: f"{s.level} · {s.name.get(lang)}" for s in fw.scale}
NOT_ANSWERED = t("fi.not_answered")
st.subheader(t("fi.answers_title"), anchor=False)
st.caption(t("fi.answers_help"))
answer_rows = [(text, level_labels[v] if v is not None else NOT_ANSWERED) for text, v in suggested.answers.items()]
answer_rows += [(text, t("fi.choose_level")) for text in preview.unknown_answers]  # not "None"
answers: dict[str, int | None] = {}
if answer_rows:
    edited_answers = st.data_editor(
        pd.DataFrame(answer_rows, columns=[t("fi.answer"), t("fi.level")]),
        hide_index=True,
        key=f"fi_answers_{lang}_{digest}",
        disabled=[t("fi.answer")],
        column_config={t("fi.level"): st.column_config.SelectboxColumn(options=[*level_labels.values(), NOT_ANSWERED])},
    )
    label_level = {label: level for level, label in level_labels.items()}
    chosen_levels = dict(zip(edited_answers[t("fi.answer")], edited_answers[t("fi.level")], strict=True))
    unplaced = [text for text, label in chosen_levels.items() if label not in label_level and label != NOT_ANSWERED]
    answers = {text: label_level.get(label) for text, label in chosen_levels.items() if text not in unplaced}
    if unplaced:
        st.warning(t.plural("fi.unknown", len(unplaced)), icon=":material/help:")
else:
    st.caption(t("fi.no_answers"))

# 3. Duplicate submissions under the edited columns; the user keeps the latest or refuses.
st.subheader(t("fi.duplicates_title"), anchor=False)
choices = {"keep_latest": t("fi.keep_latest"), "refuse": t("fi.refuse")}
try:
    mapping: FormMapping = with_choices(suggested, columns=column_roles, answers=answers)
except InputError as exc:
    show_problems(exc, "common.form_problems")
    st.stop()
duplicates = duplicates_of(raw, mapping)
if duplicates:
    st.warning(t.plural("fi.duplicates_found", len(duplicates)), icon=":material/content_copy:")
    repeated = pd.DataFrame(
        {
            t("fi.person"): [d.person for d in duplicates],
            t("fi.rater"): [d.rater or "—" for d in duplicates],
            t("fi.lines"): [", ".join(map(str, d.lines)) for d in duplicates],
            t("fi.dates"): [", ".join(d.dates) if any(d.dates) else "—" for d in duplicates],
            t("fi.kept"): [d.kept_line for d in duplicates],
        }
    )
    st.dataframe(repeated, hide_index=True)
    table_download(repeated, "duplicates.csv", "fi_duplicates_csv")
    # Kept in a state key of its own: the radio's labels change with the language (pages/_state.py).
    decision = st.radio(
        t("fi.duplicates_choice"),
        list(choices),
        format_func=choices.get,
        horizontal=True,
        **kept(f"fi_duplicates_{digest}", mapping.duplicates, by_language=True),
    )
    mapping = with_choices(mapping, duplicates=decision)
else:
    st.caption(t("fi.duplicates_none"))
st.download_button(
    t("fi.download_mapping"),
    mapping_json(mapping),
    file_name="mapping.json",
    mime="application/json",
    icon=":material/download:",
)
st.caption(t("fi.mapping_note"))

# 4. Use: the same scoring and the same import as any ratings file.
st.subheader(t("fi.use_title"), anchor=False)
score_tab, import_tab = st.tabs([t("fi.use_score"), t("fi.use_import")])
with score_tab:
    role_id = st.selectbox(
        t("fi.role_label"), list(all_roles), format_func=lambda r: role_name(r, lang),
        **kept("fi_role", next(iter(all_roles)), by_language=True), placeholder=t("common.choose_option"),
    )  # fmt: skip
    if st.button(t("fi.score"), icon=":material/leaderboard:", type="primary", key="fi_score"):
        bar = st.progress(0.0, text=t("fi.mapping"))
        try:
            scores = score_form(
                raw, mapping, fw, all_roles[role_id], progress=lambda s: bar.progress(s, t("fi.mapping"))
            )
            st.session_state.fi_scores = (digest, role_id, scores.ranking)
        except InputError as exc:
            st.session_state.pop("fi_scores", None)
            show_problems(exc)
        bar.empty()
    kept = st.session_state.get("fi_scores")
    if kept and kept[0] == digest and kept[1] == role_id:
        people = kept[2]
        st.success(t.plural("fi.scored", len(people), role=role_name(role_id)), icon=":material/check:")
        levels = [
            level_text(t, lv, bool(p), int(n))
            for lv, p, n in zip(people["level"], people["level_provisional"], people["level_to_rate"], strict=True)
        ]
        # Below the coverage gate fit says what is missing instead of a number (docs/scoring.md).
        fits = [
            t.number(f, 1) if pd.notna(f) else t("res.to_rate_cell", count=int(n))
            for f, n in zip(people["fit"], people["to_rate"], strict=True)
        ]
        scored = pd.DataFrame(
            {
                t("fi.person"): people.index.astype(str),
                t("fi.overall"): people["overall"].round(1).to_numpy(),
                t("fi.fit"): fits,
                t("fi.career_level"): levels,
                t("fi.coverage"): people["coverage"].to_numpy(),
                t("fi.raters"): people["raters"].to_numpy(),
            }
        )
        percent = st.column_config.NumberColumn(format="percent")
        st.dataframe(scored, hide_index=True, column_config={t("fi.coverage"): percent})
        table_download(scored, "form-scores.csv", "fi_scores_csv")

with import_tab:
    from smm_eval.services.candidates import import_candidates
    from smm_eval.services.recruiting import list_vacancies

    db = database()
    vacancies = {v.id: v for v in list_vacancies(db)}
    if not vacancies:
        st.info(t("fi.no_vacancy"), icon=":material/info:")
    else:
        vacancy_id = st.selectbox(
            t("vac.choose"),
            list(vacancies),
            format_func=lambda i: vacancies[i].title,
            key="fi_vacancy",
            placeholder=t("common.choose_option"),
        )
        if st.button(t("fi.import"), icon=":material/upload:", key="fi_import"):
            bar = st.progress(0.0, text=t("fi.mapping"))
            try:
                files = read_form_import(
                    raw, mapping, None, fw, progress=lambda s: bar.progress(0.3 * s, t("fi.mapping"))
                )
                title = vacancies[vacancy_id].title
                summary = import_candidates(
                    db,
                    title,
                    None,
                    files,
                    fw,
                    all_roles,
                    progress=lambda s: bar.progress(0.3 + 0.7 * s, t("fi.storing")),
                )
                st.success(t("fi.imported", vacancy=escape_markdown(title), **import_counts(t, summary)))
            except InputError as exc:
                show_problems(exc)
            bar.empty()
