"""Team: import a team, see its skills matrix, single points of failure, radar and progress."""

import pandas as pd
import streamlit as st

from pages import _cached as cached
from pages._cached import draw
from pages._conflict import show_conflict
from pages._downloads import table_download
from pages._invitations import team_invitations
from pages._ui import (
    HALF_WIDTH,
    MAIN_WIDTH,
    database,
    fitted_table,
    framework,
    import_files,
    page_setup,
    remembered_select,
    role_name,
    roles,
    show_problems,
    skipped_note,
)
from smm_eval import charts
from smm_eval.errors import InputError
from smm_eval.services.teams import import_team, list_teams, team_versions
from smm_eval.storage.locking import ConflictError, NotFoundError
from smm_eval.team import views_for
from smm_eval.vocabulary import PRIVACY_FLOOR

t = page_setup(__file__)
fw, all_roles, lang, db = framework(), roles(), t.lang, database()
comps = fw.competencies
block_names = {b.id: b.name.get(lang) for b in fw.blocks}

st.title(t("team.title"))
st.write(t("team.intro", floor=PRIVACY_FLOOR))

with st.expander(t("team.import_title"), icon=":material/upload_file:"):
    st.caption(t("team.import_help"))
    import_files("team", "team_file")
    name = st.text_input(t("team.name"), max_chars=200, key="team_name")
    upload = st.file_uploader(t("team.file"), type=["csv"], key="team_file")
    # The teams as this session first saw them (name -> version): an import names the version of
    # the team it adds to (0: a new team), so one made after somebody else's import is refused.
    if "team_seen" not in st.session_state:
        st.session_state.team_seen = team_versions(db)
    seen = st.session_state.team_seen
    if st.button(
        t("team.import"), disabled=upload is None or not name.strip(), icon=":material/upload:", key="team_import"
    ):
        try:
            expected = seen.get(name.strip(), 0)
            created, n_members, n_ratings, blank = import_team(
                db, name, upload.getvalue(), upload.name, fw, all_roles, expected
            )
            st.session_state.pop("team_seen", None)  # the next run sees the team as imported
            st.session_state.team_id = created
            members, ratings = t.plural("counts.members", n_members), t.plural("counts.ratings", n_ratings)
            st.success(t("team.imported", members=members, ratings=ratings))
            skipped_note(blank)
        except InputError as exc:
            show_problems(exc)
        except (ConflictError, NotFoundError) as exc:  # changed since this session saw it: nothing imported
            st.session_state.pop("team_seen", None)  # the next import starts from the team as it is now
            if isinstance(exc, ConflictError):
                show_conflict(t, exc, t("locking_ui.team_kept"))
            else:
                st.error(t("locking_ui.team_gone"), icon=":material/sync_problem:")

teams = list_teams(db)
if not teams:
    st.info(t("team.none"), icon=":material/info:")
    st.stop()
team_id = remembered_select(t("team.choose"), list(teams), teams.get, "team_id")
team_version, record = cached.team_record(db, team_id)  # read again only when the team changed
members, size = record.members, len(record.members)
st.download_button(
    t("team.export"), cached.team_file(db, record, team_version, fw), file_name=f"team-{team_id}.csv", mime="text/csv",
    icon=":material/download:",
)  # fmt: skip
team_invitations(t, db, team_id)  # a self-rating link for a member (team leads)
view = (
    st.segmented_control(
        t("team.view"),
        list(views_for(size)),
        format_func=lambda v: t(f"team.views.{v}"),
        default="combined",
        key=f"team_view_{lang}",
    )
    or "combined"
)
overview, scores, target, trend = cached.team_page(db, record, team_version, view, fw, all_roles)
if overview.below_floor:
    st.caption(t("team.privacy", floor=PRIVACY_FLOOR))
if overview.view == "combined":
    st.caption(t("team.combined_note"))
elif overview.view == "self":
    st.caption(t("team.self_note"))
matrix = overview.matrix

cells = matrix.stack(future_stack=True).rename("level").reset_index()
cells.columns = ["person", "competency_id", "level"]
order = {c: i for i, c in enumerate(fw.competency_ids)}
block_of = fw.block_of
cells = cells.assign(
    competency=cells["competency_id"].map(lambda c: comps[c].name.get(lang)),
    competency_order=cells["competency_id"].map(order),
    block=cells["competency_id"].map({c: block_names[b] for c, b in block_of.items()}),
    block_id=cells["competency_id"].map(block_of),
    block_order=cells["competency_id"].map({c: fw.block_ids.index(b) for c, b in block_of.items()}),
)
st.subheader(t.plural("team.matrix_title", size), anchor=False)
draw(charts.skills_heatmap, cells, t("model.level"), width=MAIN_WIDTH)

covered, holder = overview.coverage, overview.holders
st.subheader(t("team.radar_title"), anchor=False)
draw(
    charts.radar_chart,
    pd.DataFrame([scores.rename(t("team.series"))]),
    block_names,
    target,
    t("team.target"),
    t("res.score"),
    size=charts.MIN_RADAR_SIZE,
    same_as=t("res.series_same_as"),
)
left, right = st.columns(2, gap="medium")
with left:
    st.subheader(t("team.coverage_title"), anchor=False)
    nobody = covered.loc[covered["status"] == "nobody", "competency"]
    single = covered.loc[covered["status"] == "single", "competency"]
    if nobody.empty and single.empty:
        st.success(t("team.all_covered"), icon=":material/verified:")
    if not nobody.empty:
        st.error(t("team.nobody", names=", ".join(comps[c].name.get(lang) for c in nobody)), icon=":material/block:")
    if not single.empty:
        st.warning(t.plural("team.single", len(single)), icon=":material/person_alert:")
        holders = pd.DataFrame(
            {
                t("sf.competency"): [comps[c].name.get(lang) for c in single],
                t("team.only_person"): [holder[c] for c in single],
            }
        )
        fitted_table(holders, width_px=HALF_WIDTH)
        table_download(holders, "single-holders.csv", "team_holders_csv")
with right:
    st.subheader(t("layout.members_title"), anchor=False)
    fitted_table(
        pd.DataFrame({t("team.member"): list(members), t("res.role"): [role_name(r) for r in members.values()]}),
        width_px=HALF_WIDTH,
    )

st.subheader(t("team.progress_title"), anchor=False)
repeated = trend.groupby("person")["date"].nunique()
people = list(repeated.index[repeated > 1])
if not people:
    st.caption(t("team.no_progress"))
else:
    who = st.selectbox(t("team.member"), people, key="team_progress_person", placeholder=t("common.choose_option"))
    shown = trend.loc[trend["person"] == who]
    draw(charts.progress_chart, shown, block_names, t("sal.date"), t("res.score"), width="stretch")
st.page_link("pages/team_plan.py", label=t("team.to_plan"), icon=":material/school:")
