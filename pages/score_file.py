"""Score a ratings file: recruiters and team leads rank and compare people from a wide CSV."""

import pandas as pd
import streamlit as st

from pages._agreement_text import rwg_cells
from pages._cached import draw
from pages._picker import capped_multiselect
from pages._ui import (
    band_caption,
    band_text,
    fitted_table,
    framework,
    page_setup,
    remembered_select,
    role_name,
    roles,
    show_gaps,
    show_problems,
    skipped_note,
)
from smm_eval import charts
from smm_eval.errors import InputError
from smm_eval.files.csv_out import csv_bytes, with_bom
from smm_eval.files.templates import template_csv
from smm_eval.framework import DATA_DIR
from smm_eval.i18n import level_text
from smm_eval.scoring import target_block_scores, top_gaps_of
from smm_eval.services.form_import import looks_like_form_export
from smm_eval.services.scoring_file import FileScores, score_file

MAX_COMPARED = 6
PROGRESS_PX = 96  # a progress bar and its figure "100" (design choice)
t = page_setup(__file__)
fw, all_roles, lang = framework(), roles(), t.lang
block_names = {b.id: b.name.get(lang) for b in fw.blocks}


@st.cache_data(max_entries=8, show_spinner=False)
def score_upload(data: bytes, name: str, role_id: str) -> FileScores:
    return score_file(data, name, fw, all_roles[role_id])


st.title(t("sf.title"))
st.write(t("sf.intro"))
# The labels in the page's language (bound here: a test harness may format options outside a run);
# the key carries the language, so a language switch shows the chosen role with its new label.
role_id = remembered_select(t("sf.role_label"), list(all_roles), lambda r: role_name(r, lang), "sf_role")
sample = with_bom((DATA_DIR / "samples" / "ratings_sample.csv").read_bytes())
s1, s2 = st.columns(2)
s1.download_button(t("sf.sample"), sample, file_name="ratings_sample.csv", mime="text/csv", icon=":material/download:")
s2.download_button(
    t("common.template"), template_csv("ratings", fw.competency_ids), file_name="ratings-template.csv",
    mime="text/csv", icon=":material/download:", help=t("common.template_help"),
)  # fmt: skip
upload = st.file_uploader(t("sf.upload_label"), type=["csv"], key="sf_file", help=t("sf.upload_help"))
if upload is None:
    st.stop()

try:
    with st.spinner(t("sf.reading")):
        scores = score_upload(upload.getvalue(), upload.name, role_id)
except InputError as exc:
    show_problems(exc)
    if looks_like_form_export(upload.getvalue(), upload.name, fw):
        st.page_link("pages/form_import.py", label=t("fi.go"), icon=":material/dynamic_form:")
    st.stop()

skipped_note(scores.blank_records)
result, people = scores.result, scores.ranking
# Short headers, the full name and its meaning on hover: at 1400 px all ten columns fit the page in
# both languages (issue 15: "Agreement (rwg)" and "Self-assessment" were cut at the right edge).
header = {
    "overall": t("sf.col_overall"),
    "band": t("sf.col_band"),
    "fit": t("sf.col_fit"),
    "level": t("sf.col_level"),
    "answered": t("sf.col_answered"),
    "agreement": t("sf.col_agreement"),
    "self": t("sf.col_self"),
}
ranked = pd.DataFrame(
    {
        t("sf.person"): people.index.astype(str),
        header["overall"]: people["overall"].to_numpy(),
        header["band"]: band_text(t, people["overall_low"], people["overall_high"]),
        header["fit"]: people["fit"].to_numpy(),
        t("res.to_rate"): [t("res.to_rate_cell", count=int(n)) if n > 0 else "—" for n in people["to_rate"]],
        header["level"]: [
            level_text(t, lv, bool(p), int(n))
            for lv, p, n in zip(people["level"], people["level_provisional"], people["level_to_rate"], strict=True)
        ],
        header["answered"]: [t.percent(v) for v in people["coverage"]],
        t("sf.raters"): people["raters"].to_numpy(),
        header["agreement"]: rwg_cells(t, people["rwg"], people["raters"]),
        header["self"]: [
            t("sf.rated_by_self") if by == "self" else ("—" if pd.isna(v) else t.number(v))
            for by, v in zip(people["rated_by"], people["self_overall"], strict=True)
        ],
    }
)
st.subheader(t.plural("sf.ranking", len(people), role=role_name(role_id)), anchor=False)
progress = {"min_value": 0, "max_value": 100, "format": "%.0f"}
fitted_table(  # columns sized to their texts; long agreement and level texts wrap in taller rows
    ranked,
    column_config={
        header["overall"]: st.column_config.ProgressColumn(help=t("res.overall"), **progress),
        header["band"]: st.column_config.Column(help=t("sf.band")),
        header["fit"]: st.column_config.ProgressColumn(help=t("res.fit_short"), **progress),
        header["level"]: st.column_config.Column(help=t("res.level")),
        header["answered"]: st.column_config.Column(help=t("res.coverage")),
        header["agreement"]: st.column_config.Column(help=f"{t('sf.rwg')}: {t('sf.rwg_help')}"),
        header["self"]: st.column_config.Column(help=f"{t('sf.self_overall')}. {t('sf.self_help')}"),
    },
    fixed={header["overall"]: PROGRESS_PX, header["fit"]: PROGRESS_PX},
)
st.caption(band_caption(t, result.components))

st.download_button(
    t("sf.download"),
    csv_bytes(scores.export),
    file_name=f"smm-eval-scores-{role_id}.csv",
    mime="text/csv",
    icon=":material/download:",
)

st.subheader(t("sf.compare_title"), anchor=False)
chosen = capped_multiselect(  # a search box above MAX_PICKER_OPTIONS people (smm_eval.limits)
    t("sf.compare_label", max=MAX_COMPARED),
    list(people.index),
    key="sf_compare",
    default=list(people.index[: min(3, len(people))]),
    max_selections=MAX_COMPARED,
)
if chosen:
    draw(
        charts.radar_chart,
        result.blocks.loc[chosen],
        block_names,
        target=target_block_scores(result.weights),
        target_name=t("res.series_target", role=role_name(role_id)),
        value_title=t("res.score"),
        same_as=t("res.series_same_as"),
    )
    st.caption(t("sf.top_gaps"))
    show_gaps(top_gaps_of(result, chosen), str, t("sf.person"))
