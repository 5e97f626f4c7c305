"""My results: scores with their confidence, level, roles, strengths, gaps and what to learn."""

import pandas as pd
import streamlit as st

from pages._cached import draw
from pages._outlook import salary_outlook_panel
from pages._self_cached import download_files
from pages._self_cached import results as cached_results
from pages._ui import (
    FORM,
    HALF_WIDTH,
    band_caption,
    band_text,
    current_actor,
    database,
    fitted_table,
    framework,
    learning,
    page_setup,
    role_name,
    role_selector,
    roles,
    show_problems,
)
from smm_eval import charts
from smm_eval.access import Action
from smm_eval.errors import InputError
from smm_eval.framework import resources_for
from smm_eval.i18n import level_text
from smm_eval.markdown import escape_markdown
from smm_eval.services.assessment import keep_self_assessment, load_saved

t = page_setup(__file__)
fw, all_roles, lang = framework(), roles(), t.lang
answers: dict[str, int] = st.session_state.sa_answers
block_names = {b.id: b.name.get(lang) for b in fw.blocks}
comp = fw.competencies

st.title(t("res.title"))
if not answers:
    st.info(t("res.no_answers"), icon=":material/info:")
    st.page_link("pages/self_assessment.py", label=t("res.start"), icon=":material/checklist:")
    st.stop()

role_id = role_selector(t("res.role_label"))
earlier = st.session_state.sa_compare
results = cached_results(answers, role_id, earlier.answers if earlier is not None else None, fw, all_roles)
report, summary, level = results.report, results.report.summary, results.level
if not report.role_was_chosen:
    key = "res.best_role_used" if not report.best_roles.empty else "res.closest_role_used"  # none past the gate
    st.info(t(key, role=role_name(report.role_id)), icon=":material/lightbulb:")

# Headline figures, each with how sure it is; the band is asymmetric (skipped answers lower its end).
c1, c2, c3, c4 = st.columns(4, border=True)
band = band_text(t, [summary["overall_low"]], [summary["overall_high"]])[0]
c1.metric(t("res.overall"), f"{t.number(summary['overall'])} ({band})", help=t("res.overall_help"))
c1.caption(t("res.weighted_for", role=role_name(report.role_id)))  # the CLI without --role uses the defaults
fit_shown = pd.notna(summary["fit"])  # hidden below the coverage gate: say what is missing instead
c2.metric(
    t("res.fit_short"),
    t.percent(summary["fit"] / 100) if fit_shown else "—",
    help=t("res.fit_help", role=role_name(report.role_id)),
)
if not fit_shown:
    c2.caption(t.plural("res.fit_to_rate", int(summary["to_rate"])))
level_help = t("res.level_help", meaning=level.description.get(lang), role=role_name(report.role_id))
# The card's value is the level's name alone (a metric cuts a longer value: "Junior (pr…", issue 15);
# "provisional" is the grey tag under it, and the caption says what to rate.
c3.metric(
    t("res.level"),
    level.name.get(lang),
    delta=t("res.provisional_tag") if results.provisional else None,
    delta_color="off",
    delta_arrow="off",
    help=level_help,
)
if results.provisional:  # below the role's coverage gate: say what to rate
    c3.caption(level_text(t, level.id, True, results.to_rate))
c4.metric(t("res.coverage"), f"{int(summary['answered'])}/{len(fw.competency_ids)}", help=t("res.coverage_help"))
st.caption(
    t(
        f"res.confidence.{summary['confidence']}",
        low=t.number(summary["overall_low"]),
        high=t.number(summary["overall_high"]),
        answered=int(summary["answered"]),
        total=len(fw.competency_ids),
    )
)
st.caption(t("res.self_view"))
st.caption(band_caption(t, report.result.components))

# Radar against the role's target, with an earlier attempt when one was loaded.
profiles = pd.DataFrame([report.blocks.rename(t("res.series_you"))])
if results.earlier is not None:
    label = t("res.series_earlier", date=t.date_time(earlier.saved_at))
    profiles = pd.concat([profiles, pd.DataFrame([results.earlier.blocks.rename(label)])])
st.subheader(t("res.radar_title"), anchor=False)
draw(
    charts.radar_chart,
    profiles,
    block_names,
    target=report.target_blocks,
    target_name=t("res.series_target", role=role_name(report.role_id)),
    value_title=t("res.score"),
    size=charts.MIN_RADAR_SIZE,
    same_as=t("res.series_same_as"),
)
st.subheader(t("res.blocks_title"), anchor=False)
weights = all_roles[report.role_id].block_weight_percent()
blocks = pd.DataFrame(
    {
        t("res.block"): [block_names[b] for b in fw.block_ids],
        t("res.score"): report.blocks.to_numpy(),
        t("res.band"): band_text(t, report.result.blocks_low.loc["you"], report.result.blocks_high.loc["you"]),
        t("res.weight"): [t.percent(weights[b] / 100) for b in fw.block_ids],  # the page's number format
    }
)
fitted_table(
    blocks,
    column_config={
        t("res.score"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f"),
    },
    fixed={t("res.score"): 150},
)
if results.overall_change is not None:
    st.metric(t("res.change"), t.number(summary["overall"]), delta=t.number(results.overall_change, 1))

roles_col, strengths_col = st.columns(2, gap="medium")
with roles_col:
    st.subheader(t("res.best_roles"), anchor=False)
    if report.best_roles.empty:
        st.info(t.plural("res.best_roles_to_rate", report.best_roles_to_rate), icon=":material/info:")
    else:
        best = report.best_roles.assign(role=report.best_roles["role"].map(role_name))
        best.columns = [t("res.role"), t("res.match"), t("res.fit_short")]
        bar = st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f")
        fitted_table(
            best,
            column_config={t("res.match"): bar, t("res.fit_short"): bar},
            width_px=HALF_WIDTH,
            fixed={t("res.match"): 100, t("res.fit_short"): 100},
        )
    st.caption(t("res.match_help"))

with strengths_col:
    st.subheader(t("res.strengths"), anchor=False)
    if report.strengths.empty:
        st.write(t("res.no_strengths"))
    for row in report.strengths.itertuples():
        anchor = comp[row.competency].anchors[int(row.level)].get(lang)
        st.markdown(f":material/star: **{comp[row.competency].name.get(lang)}**: {anchor}")

st.subheader(t("res.gaps_title", role=role_name(report.role_id)), anchor=False)
if report.gaps.empty:
    st.success(t("res.no_gaps"), icon=":material/check_circle:")
else:
    bars = report.gaps.assign(
        label=report.gaps["competency"].map(lambda c: comp[c].name.get(lang)),
        block_label=report.gaps["block"].map(block_names),
    )
    draw(charts.gap_chart, bars, t("res.priority"), width="stretch")
    st.caption(t("res.priority_help"))
    for gap in results.gaps.itertuples():
        c = comp[gap.competency]
        with st.container(border=True):
            shown_level = t.number(gap.level, 0 if gap.level.is_integer() else 1)
            levels_text = t("res.gap_levels", level=shown_level, target=int(gap.target))
            st.markdown(f"**{c.name.get(lang)}** · {levels_text}")
            st.markdown(t("res.next_step", anchor=c.anchors[gap.next_level].get(lang)))
            for res in resources_for(gap.competency, learning()):
                kind = t(f"learning.kind.{res.kind}")
                name = f"[{res.name.get(lang)}]({res.url})" if res.url else res.name.get(lang)
                st.markdown(f"- {kind}: {name}. {res.description.get(lang)}")
if report.unanswered_needed:
    names = ", ".join(comp[c].name.get(lang) for c in report.unanswered_needed)
    st.warning(t("res.unanswered", names=names), icon=":material/help:")

salary_outlook_panel(answers, report)

with st.expander(t("res.qualities_title"), icon=":material/psychology:"):
    st.write(t("res.qualities_intro"))
    st.markdown("\n".join(f"- {q.name.get(lang)}" for q in fw.personal_qualities))

st.subheader(t("res.save_title"), anchor=False)
saved_json, results_csv = download_files(answers, st.session_state.sa_role, role_id, fw, all_roles, lang)
d1, d2 = st.columns(2)
d1.download_button(
    t("res.download_json"),
    saved_json,
    file_name="smm-eval-self-assessment.json",
    mime="application/json",
    icon=":material/download:",
)
d2.download_button(
    t("res.download_csv"),
    results_csv,
    file_name="smm-eval-results.csv",
    mime="text/csv",
    icon=":material/table:",
)
if current_actor().may(Action.MANAGE_CANDIDATES):  # the workspace's stored self-assessments
    st.caption(t("res.save_help"))
    with st.form("res_store", border=False):
        s1, s2 = st.columns([3, 1], vertical_alignment="bottom")
        label = s1.text_input(t("res.store_label"), max_chars=200, placeholder=t("res.store_placeholder"))
        if s2.form_submit_button(t("res.store"), icon=":material/database:"):
            try:
                keep_self_assessment(database(), label, st.session_state.sa_role, answers)
                st.success(t("res.stored", where=escape_markdown(database().describe())), icon=":material/check:")
            except InputError as exc:
                show_problems(exc, FORM)

with st.expander(t("res.compare_title"), icon=":material/compare_arrows:", expanded=earlier is not None):
    upload_key = f"res_compare_file_{st.session_state.setdefault('res_compare_uploads', 0)}"

    def load_comparison() -> None:
        # In a callback, so the radar above already shows the comparison on this run.
        upload = st.session_state[upload_key]
        st.session_state.res_compare_error = None
        if upload is None:
            return
        try:
            st.session_state.sa_compare = load_saved(upload.getvalue(), upload.name, fw, all_roles)
        except InputError as exc:
            st.session_state.res_compare_error = exc

    def remove_comparison() -> None:
        st.session_state.sa_compare = None
        st.session_state.res_compare_uploads += 1  # a fresh, empty uploader

    st.file_uploader(t("res.compare_label"), type=["json"], key=upload_key, on_change=load_comparison)
    if st.session_state.get("res_compare_error") is not None:
        show_problems(st.session_state.res_compare_error)
    if st.session_state.sa_compare is not None:
        st.button(t("res.compare_remove"), on_click=remove_comparison, icon=":material/close:")

with st.expander(t("res.method_title"), icon=":material/functions:"):
    st.markdown(t("res.method_body"))
    for block in fw.blocks:
        st.markdown(f"**{block.name.get(lang)}** ({t.percent(weights[block.id] / 100)}): {block.rationale.get(lang)}")
