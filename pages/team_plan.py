"""Team plan: the training plan that closes the most weighted gap within a budget, and the next hire."""

import pandas as pd
import streamlit as st

from pages import _cached as cached
from pages._ui import FORM, database, framework, page_setup, remembered_select, role_name, roles, show_problems
from smm_eval import store, team
from smm_eval.errors import InputError, Problem
from smm_eval.files.csv_out import to_safe_csv

t = page_setup(__file__)
fw, all_roles, lang, db = framework(), roles(), t.lang, database()
comps = fw.competencies
default_catalogue = team.load_catalogue()

st.title(t("plan.title"))
st.write(t("plan.intro"))
with db.transaction() as session:
    teams = {x.id: x.name for x in store.list_teams(session)}
if not teams:
    st.info(t("team.none"), icon=":material/info:")
    st.page_link("pages/team.py", label=t("nav.team"), icon=":material/groups:")
    st.stop()
team_id = remembered_select(t("team.choose"), list(teams), teams.get, "team_id")
with db.transaction() as session:
    members, ratings = store.team_data(session, team_id)

with st.expander(t("plan.catalogue_title", count=len(default_catalogue.items)), icon=":material/menu_book:"):
    st.caption(t("plan.catalogue_help", currency=default_catalogue.currency))
    frame = st.session_state.get("plan_catalogue", default_catalogue).frame()
    shown = frame.assign(gain=frame["gain"].map(lambda g: ", ".join(f"{c}+{v}" for c, v in g.items())))
    edited = st.data_editor(
        shown,
        hide_index=True,
        num_rows="dynamic",
        key="plan_catalogue_editor",
        column_config={
            "cost": st.column_config.NumberColumn(min_value=0, step=1000),
            "hours": st.column_config.NumberColumn(min_value=0, step=1),
        },
    )
    if st.button(t("plan.catalogue_apply"), icon=":material/check:"):
        try:
            parsed = edited.assign(gain=edited["gain"].fillna("").map(team.parse_gain))
            st.session_state.plan_catalogue = team.catalogue_from_frame(
                parsed, default_catalogue.currency, fw, t("plan.catalogue_title", count=len(edited))
            )
            st.success(t("plan.catalogue_applied", count=len(edited)))
        except (InputError, ValueError) as exc:
            show_problems(exc if isinstance(exc, InputError) else InputError([Problem("gain", str(exc))]), FORM)
catalogue = st.session_state.get("plan_catalogue", default_catalogue)

c1, c2 = st.columns(2)
budget = c1.number_input(
    t("plan.budget", currency=catalogue.currency), min_value=0, value=100_000, step=10_000, key="plan_budget"
)
hours = c2.number_input(t("plan.hours"), min_value=0, value=None, step=10, key="plan_hours", help=t("plan.hours_help"))

size = len(members)
matrix = team.skills_matrix(team.view_ratings(ratings, "combined", size), list(members), fw)
weights, targets = team.member_weights_targets(members, fw, all_roles)
plan = cached.plan(matrix, weights, targets, catalogue.frame(), float(budget), hours)

share = plan.gap_closed / plan.gap_total if plan.gap_total else 0.0
m1, m2, m3 = st.columns(3, border=True)
m1.metric(t("plan.cost"), t.money(plan.total_cost, catalogue.currency))
m2.metric(t("plan.hours_total"), t.number(plan.total_hours))
m3.metric(
    t("plan.closed"),
    t.percent(share),
    help=t("plan.closed_help", closed=t.number(plan.gap_closed, 3), total=t.number(plan.gap_total, 3)),
)
if plan.cheapest_proven:
    st.caption(t("plan.optimal"))
else:
    st.caption(t("plan.cheapest_unproven", seconds=t.number(team.CHEAPEST_SECONDS, 1)))

if plan.assignments.empty:
    st.info(t("plan.empty"), icon=":material/info:")
else:
    table = plan.assignments.assign(
        gains=plan.assignments["gains"].map(
            lambda g: ", ".join(f"{comps[c].name.get(lang)} +{v}" for c, v in g.items())
        )
    )[["person", "name", "cost", "hours", "gains"]]
    table.columns = [t("team.member"), t("plan.training"), t("plan.cost"), t("plan.hours_col"), t("plan.develops")]
    st.dataframe(table, hide_index=True)
    export = plan.assignments.drop(columns="gains").rename(columns={"name": "training_name"})
    st.download_button(
        t("plan.export"),
        to_safe_csv(export),
        file_name="training-plan.csv",
        mime="text/csv",
        icon=":material/download:",
    )

st.subheader(t("plan.after_title"), anchor=False)
before, after = team.gaps_frame(matrix, targets), team.gaps_frame(plan.after, targets)
summary = pd.DataFrame(
    {
        t("team.member"): list(members),
        t("res.role"): [role_name(r) for r in members.values()],
        t("plan.gap_before"): (before * weights).sum(axis=1).round(3).to_numpy(),
        t("plan.gap_after"): (after * weights).sum(axis=1).round(3).to_numpy(),
    }
)
st.dataframe(summary, hide_index=True)
raised = ((plan.after - matrix).fillna(0) > 0).stack()
raised = raised[raised].index
rows = [(p, c, matrix.at[p, c], plan.after.at[p, c]) for p, c in raised]
if rows:
    st.dataframe(
        pd.DataFrame(rows, columns=[t("team.member"), "id", t("plan.level_before"), t("plan.level_after")])
        .assign(**{t("sf.competency"): lambda f: f["id"].map(lambda c: comps[c].name.get(lang))})
        .drop(columns="id"),
        hide_index=True,
    )

hire_role, hire_gaps = team.next_hire(after, weights, all_roles)
st.subheader(t("plan.hire_title"), anchor=False)
if hire_gaps:
    st.write(t("plan.hire", role=role_name(hire_role), names=", ".join(comps[c].name.get(lang) for c in hire_gaps)))
else:
    st.write(t("plan.no_hire"))
