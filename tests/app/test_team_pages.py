"""The team pages in AppTest: import, matrix, coverage, privacy floor, plan."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ..conftest import ROOT

TEAM = (ROOT / "data" / "samples" / "team.csv").read_bytes()


def new_app(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    return at.run()


def import_team(at: AppTest, data: bytes = TEAM, name: str = "Content team") -> None:
    at.switch_page("pages/team.py").run()
    at.text_input(key="team_name").input(name).run()
    at.file_uploader(key="team_file").set_value(("team.csv", data, "text/csv")).run()
    at.button(key="team_import").click().run()


def test_import_matrix_coverage_and_progress():
    at = new_app()
    import_team(at)
    assert not at.exception, at.exception
    assert "Imported 4 members and 250 ratings." in [s.value for s in at.success]
    assert [s.value for s in at.subheader][:5] == [
        "Skills matrix (4 people)",
        "Team against its combined target",
        "Coverage",
        "Members and roles",
        "Progress",
    ]
    assert any("rest on one person" in w.value for w in at.warning)
    assert any(e.value.startswith("Nobody reaches level 3 in:") for e in at.error)
    assert len(at.get("vega_lite_chart")) == 3  # heatmap, radar, Anna's progress
    assert at.button_group[0].options == ["Combined (self and manager averaged)", "Manager", "Self-view"]


def test_privacy_floor_hides_self_view_of_small_teams():
    small = (
        b"person,rater,role,copywriting,seo_basics\n"
        b"ana,self,smm_editor,4,1\nana,lead,smm_editor,2,1\nbob,self,smm_editor,3,2\n"
    )
    at = new_app()
    import_team(at, small, "Pair")
    assert not at.exception
    assert at.button_group[0].options == ["Combined (self and manager averaged)", "Manager"]
    assert any("fewer than 3 members" in c.value for c in at.caption)


def test_plan_page_in_spanish():
    at = new_app("es")
    import_team(at)
    at.switch_page("pages/team_plan.py").run()
    assert not at.exception, at.exception
    labels = [m.label for m in at.metric]
    assert labels == ["Coste", "Horas de formación", "Carencia ponderada cerrada"]
    assert at.metric[0].value.endswith("RUB")
    at.text_input(key="plan_budget__w_es").input("0").run()
    assert any("El presupuesto no alcanza" in i.value for i in at.info)
    assert at.metric[2].value == "0\u00a0%"  # CLDR es percent "#,##0\u00a0%" (issue 15)


def test_plan_page_marks_levels_that_rest_on_a_self_rating_only():
    three = (
        b"person,rater,role,brand_strategy,ad_setup\n"
        b"Ana,self,smm_manager,4,1\nAna,lead,smm_manager,2,\n"
        b"Bo,lead,smm_manager,3,3\nCy,lead,smm_manager,3,3\n"
    )
    at = new_app()
    import_team(at, three, "Three")
    assert not at.exception, at.exception
    assert any(c.value.startswith("Combined: per competency, the mean") for c in at.caption)
    at.switch_page("pages/team_plan.py").run()
    assert not at.exception, at.exception
    assert any("1 level rests on a self-rating only" in w.value for w in at.warning)
    frames = [d.value for d in at.dataframe]
    summary = next(f for f in frames if "Self-rated only" in f.columns)
    assert summary.set_index("Member")["Self-rated only"].to_dict() == {"Ana": 1, "Bo": 0, "Cy": 0}
    changed = next(f for f in frames if "Rests on" in f.columns)
    rests_on = changed.set_index("Competency")["Rests on"].to_dict()
    assert rests_on["Advertising, contests and giveaways"] == "self-rating only"
    assert rests_on["Brand presence strategy"] == "manager rating"


def test_plan_gaps_are_percent_of_the_team_gap_like_the_headline():
    # Issue 15: the gap table showed raw weighted shortfalls in levels (0.376 -> 0.155) under a
    # percent headline. Now each member's gap is a percent of the team's gap before the plan: the
    # "now" column adds up to 100% and the "after" column to 100% minus the headline's share closed.
    at = new_app()
    import_team(at)
    at.switch_page("pages/team_plan.py").run()
    assert not at.exception, at.exception
    summary = next(d.value for d in at.dataframe if "Share of the team's gap now" in d.value.columns)

    def percents(column: str) -> list[float]:
        return [float(v.rstrip("%").replace(",", "")) for v in summary[column]]

    now, after = percents("Share of the team's gap now"), percents("After the plan")
    closed = float(at.metric[2].value.rstrip("%"))
    assert abs(sum(now) - 100) <= 0.05 * len(now)  # each cell rounded to 0.1
    assert abs(sum(after) - (100 - closed)) <= 0.05 * len(after) + 0.5  # the headline is rounded to 1%
    assert all(a <= n for a, n in zip(after, now, strict=True))
    assert any("adds up to 100%" in c.value for c in at.caption)


def test_plan_page_says_when_the_cheapest_plan_was_not_proven(monkeypatch):
    # Issue 17 item 6: the search for the cheapest among the optimal plans is time-limited. The
    # sample team's plan proves it within the limit; with a limit of 0 s the search stops at once
    # and the page says a cheaper plan closing as much may exist, naming the limit used.
    import streamlit as st

    from smm_eval.team import plan as plan_module

    at = new_app()
    import_team(at)
    at.switch_page("pages/team_plan.py").run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    assert any(c.startswith("No other choice of trainings within this budget closes more") for c in captions)
    monkeypatch.setattr(plan_module, "CHEAPEST_SECONDS", 1e-6)  # HiGHS stops at once, shown as 0.0 s
    st.cache_data.clear()  # the page caches plans on their inputs
    at.run()
    assert not at.exception, at.exception
    unproven = (
        "No plan closes more of the gap. Among the plans that close this much, a cheaper one may exist: "
        "the search for the cheapest stopped after 0.0 s."
    )
    assert unproven in [c.value for c in at.caption]
    # No time left for the search at all (PLAN_SECONDS spent by the first solve): it is skipped.
    monkeypatch.setattr(plan_module, "CHEAPEST_SECONDS", 0.5)
    monkeypatch.setattr(plan_module, "PLAN_SECONDS", 0.0)
    st.cache_data.clear()
    at.session_state["lang"] = "es"
    at.run()
    assert not at.exception, at.exception
    skipped = (
        "Ningún plan cierra más carencia. Entre los planes que cierran lo mismo puede haber uno más barato: "
        "encontrar este plan agotó el tiempo, así que no se buscó el más barato."
    )
    assert skipped in [c.value for c in at.caption]
