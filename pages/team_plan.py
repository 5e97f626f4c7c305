"""Team plan: the training plan that closes the most weighted gap within a budget, and the next hire."""

import pandas as pd
import streamlit as st

from pages import _cached as cached
from pages._downloads import table_download
from pages._plan_gaps import gap_shares
from pages._state import kept, money_input
from pages._ui import (
    FORM,
    database,
    fitted_table,
    framework,
    page_setup,
    remembered_select,
    role_name,
    roles,
    show_problems,
)
from smm_eval import team
from smm_eval.errors import InputError
from smm_eval.services.teams import list_teams, plan_export, training_plan
from smm_eval.vocabulary import PRIVACY_FLOOR, TRAINING_FORMATS, TRAINING_KIND_CAPS, TRAINING_KINDS

t = page_setup(__file__)
fw, all_roles, lang, db = framework(), roles(), t.lang, database()
comps = fw.competencies
default_catalogue = team.load_catalogue()

st.title(t("plan.title"))
st.write(t("plan.intro"))
teams = list_teams(db)
if not teams:
    st.info(t("team.none"), icon=":material/info:")
    st.page_link("pages/team.py", label=t("nav.team"), icon=":material/groups:")
    st.stop()
team_id = remembered_select(t("team.choose"), list(teams), teams.get, "team_id")
_, record = cached.team_record(db, team_id)  # read again only when the team changed
members = record.members

with st.expander(t.plural("plan.catalogue_title", len(default_catalogue.items)), icon=":material/menu_book:"):
    by_cap: dict[int, list[str]] = {}
    for kind, cap in TRAINING_KIND_CAPS.items():
        by_cap.setdefault(cap, []).append(t(f"plan.kinds.{kind}"))
    caps = "; ".join(t("plan.caps", kinds=", ".join(k), level=cap) for cap, k in sorted(by_cap.items()))
    st.caption(t("plan.catalogue_help", currency=default_catalogue.currency, caps=caps))
    frame = st.session_state.get("plan_catalogue", default_catalogue).frame()
    shown = frame.assign(gain=frame["gain"].map(lambda g: ", ".join(f"{c}+{v}" for c, v in g.items())))
    column = st.column_config
    edited = st.data_editor(
        shown,
        hide_index=True,
        num_rows="dynamic",
        key="plan_catalogue_editor",
        # One name column, in the page's language (a new row's other name is filled from it).
        column_order=["id", "name_es" if lang == "es" else "name", "kind", "format", "cost", "hours", "gain"],
        column_config={  # headers and choices in the page's language; the values stay ids
            "id": column.TextColumn(t("plan.col.id")),
            "name": column.TextColumn(t("plan.col.name")),
            "name_es": column.TextColumn(t("plan.col.name_es")),
            "kind": column.SelectboxColumn(
                t("plan.col.kind"), options=list(TRAINING_KINDS), format_func=lambda k: t(f"plan.kind.{k}")
            ),
            "format": column.SelectboxColumn(
                t("plan.col.format"), options=list(TRAINING_FORMATS), format_func=lambda f: t(f"plan.formats.{f}")
            ),
            "cost": column.NumberColumn(t("plan.col.cost"), min_value=0, step=1000),
            "hours": column.NumberColumn(t("plan.col.hours"), min_value=0, step=1),
            "gain": column.TextColumn(t("plan.col.gain"), help=t("plan.col.gain_help")),
        },
    )
    if st.button(t("plan.catalogue_apply"), icon=":material/check:"):
        try:
            parsed = edited.assign(gain=edited["gain"].fillna("").map(team.parse_gain))
            st.session_state.plan_catalogue = team.catalogue_from_frame(
                parsed, default_catalogue.currency, fw, t.plural("plan.catalogue_title", len(edited))
            )
            st.success(t.plural("plan.catalogue_applied", len(edited)))
        except InputError as exc:
            show_problems(exc, FORM)
catalogue = st.session_state.get("plan_catalogue", default_catalogue)

c1, c2 = st.columns(2)
# Kept across page and language switches in their own state keys (pages/_state.py).
st.session_state.setdefault("plan_budget", 100_000)  # money with thousands separators (pages/_state.py)
budget = money_input(t("plan.budget", currency=catalogue.currency), "plan_budget", container=c1) or 0
hours = c2.number_input(t("plan.hours"), min_value=0, step=10, help=t("plan.hours_help"), **kept("plan_hours"))

report = training_plan(
    members, record.ratings, fw, all_roles, catalogue.frame(), float(budget), hours, solve=cached.plan
)
plan, share = report.plan, report.share_closed
m1, m2, m3 = st.columns(3, border=True)
m1.metric(t("plan.cost"), t.money(plan.total_cost, catalogue.currency))
m2.metric(t("plan.hours_total"), t.number(plan.total_hours))
m3.metric(
    t("plan.closed"),
    t.percent(share),
    help=t("plan.closed_help", closed=t.number(plan.gap_closed, 3), total=t.number(plan.gap_total, 3)),
)
evidence, marker = report.evidence, t("plan.self_only_marker")
if not evidence.self_used:
    st.caption(t("plan.evidence_private", floor=PRIVACY_FLOOR))
elif evidence.self_only_count:
    st.warning(t.plural("plan.evidence", evidence.self_only_count, marker=marker), icon=":material/person_search:")
else:
    st.caption(t("plan.evidence_none"))
if report.cheapest_proven:
    st.caption(t("plan.optimal"))
elif report.cheapest_seconds > 0:
    st.caption(t("plan.cheapest_unproven", seconds=t.number(report.cheapest_seconds, 1)))
else:
    st.caption(t("plan.cheapest_skipped"))

if plan.assignments.empty:
    st.info(t("plan.empty"), icon=":material/info:")
else:
    names = {item.id: item.label(lang) for item in catalogue.items}
    table = plan.assignments.assign(
        name=plan.assignments["training"].map(names),
        gains=plan.assignments["gains"].map(
            lambda g: ", ".join(f"{comps[c].name.get(lang)} +{v}" for c, v in g.items())
        ),
        # Money as the headline writes it: thousands separators and the currency (issue 15, finding 11).
        cost=[f"{t.number(v)} {catalogue.currency}" for v in plan.assignments["cost"]],
        hours=[t.number(v, 0 if float(v).is_integer() else 1) for v in plan.assignments["hours"]],
    )[["person", "name", "cost", "hours", "gains"]]
    table.columns = [t("team.member"), t("plan.training"), t("plan.cost"), t("plan.hours_col"), t("plan.develops")]
    fitted_table(table)  # long training names and "Develops" lists wrap instead of being cut
    export = plan_export(plan)
    st.download_button(
        t("plan.export"),
        cached.csv(export),
        file_name="training-plan.csv",
        mime="text/csv",
        icon=":material/download:",
    )

st.subheader(t("plan.after_title"), anchor=False)
shares = gap_shares(report.gaps, plan.gap_total)
summary = pd.DataFrame(
    {
        t("team.member"): shares["person"],
        t("res.role"): shares["role"].map(role_name),
        t("plan.gap_share_before"): [t.percent(v, 1) for v in shares["share_before"]],
        t("plan.gap_share_after"): [t.percent(v, 1) for v in shares["share_after"]],
        t("plan.self_only_col"): shares["self_only"],
    }
)
fitted_table(summary)
table_download(summary, "gaps-before-after.csv", "plan_summary_csv")
st.caption(t("plan.gap_share_help", closed=t.percent(share, 1), left=t.percent(1 - share, 1)))
if not report.raised.empty:
    raised = report.raised
    raised_table = pd.DataFrame(
        {
            t("team.member"): raised["person"],
            t("plan.level_before"): raised["level_before"],
            t("plan.level_after"): raised["level_after"],
            t("sf.competency"): raised["competency"].map(lambda c: comps[c].name.get(lang)),
            t("plan.evidence_col"): raised["self_only"].map(lambda own: marker if own else t("plan.manager_evidence")),
        }
    )
    fitted_table(raised_table)
    table_download(raised_table, "levels-raised.csv", "plan_raised_csv")

hire_role, hire_gaps = report.hire_role, report.hire_gaps
st.subheader(t("plan.hire_title"), anchor=False)
if hire_gaps:
    st.write(t("plan.hire", role=role_name(hire_role), names=", ".join(comps[c].name.get(lang) for c in hire_gaps)))
else:
    st.write(t("plan.no_hire"))
