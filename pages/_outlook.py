"""The results page's "what you could earn" panel (not a page: the leading underscore)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from pages._self_cached import outlook as cached_outlook
from pages._ui import (
    fallback_text,
    framework,
    messages,
    remembered_select,
    role_name,
    roles,
    salary_estimator,
    salary_money_caption,
)
from smm_eval.assessment import SelfReport
from smm_eval.i18n import Messages, level_text
from smm_eval.salary import MARKETS, WORK_FORMATS, SalaryData, SalaryQuery, load_market
from smm_eval.settings import get_settings


def salary_outlook_panel(answers: dict[str, int], report: SelfReport) -> None:
    """The results page's "what you could earn": the range at the level for the role now, and the
    fewest one-level steps to the next level with its pay (`assessment.salary_outlook`)."""
    t = messages()
    lang = t.lang
    fw = framework()
    comp = fw.competencies
    with st.container(border=True):
        st.subheader(t("sal.outlook_title"), anchor=False)
        # One market at a time (the same choice as the Salary page's): its currency, regions and sources.
        o0, o1, o2 = st.columns(3)
        market = remembered_select(
            t("sal.market_label"), MARKETS, lambda m: load_market(m).name.get(lang), "sal_market", o0
        )
        data = load_market(market)
        region = remembered_select(
            t("sal.region"), list(data.regions), lambda r: data.regions[r].get(lang), f"sal_region_{data.id}", o1
        )
        work = remembered_select(t("sal.work_format"), WORK_FORMATS, lambda w: t(f"sal.formats.{w}"), "sal_format", o2)
        role = roles()[report.role_id]
        query = SalaryQuery("middle", region, work, report.role_id, market=market)  # level: set by the outlook
        estimate = salary_estimator(market)  # the session's dataset, or the baseline: the key names it
        estimator = (get_settings().url, str(st.session_state.salary_dataset))
        outlook = cached_outlook(answers, role, query, estimator, estimate, fw)
        now, cur = outlook.now, outlook.now.currency
        role_label = role_name(report.role_id)
        own_level = level_text(t, outlook.level_now, outlook.provisional, outlook.level_to_rate, role_label)
        # The Salary page starts from the level and role of the self-assessment, and says so.
        st.session_state.update(sal_own_level=outlook.level_now, sal_own_role=report.role_id, sal_own_text=own_level)
        st.write(
            t(
                "sal.outlook_now",
                level=level_text(t, outlook.level_now, outlook.provisional, outlook.level_to_rate),
                role=role_label,
                region=data.regions[region].get(lang),
                format=t(f"sal.formats.{work}"),
                p25=t.money(now.p25, cur),
                p75=t.money(now.p75, cur),
                p50=t.money(now.p50, cur),
            )
        )
        if outlook.provisional:  # a range at a level that rests on too little must say so where it stands
            st.warning(t.plural("sal.outlook_provisional", outlook.level_to_rate), icon=":material/info:")
        st.caption(
            t(
                f"sal.method.{now.method}",
                n=now.n,
                weight=t.percent(now.weight),
                k=t.number(now.credibility_k or 0),
                n_eff=t.number(now.n_effective or 0, 1),
            )
            + " "
            + salary_money_caption(t, now)
            + (" " + t("sal.fallback", reason=fallback_text(t, now)) if now.fallback_reason else "")
        )
        if now.floor_binds and now.floor is not None:
            st.caption(t("sal.floor_binds", floor=t.money(now.floor, cur)))
        if data.limited_data:
            st.caption(t("sal.limited_data", market=data.name.get(lang)))
        st.caption(t("sal.outlook_sources", sources=outlook_sources(now.sources, data, t)))
        names = ", ".join(comp[c].name.get(lang) for c in outlook.to_rate)
        if outlook.status == "top":
            st.info(t("sal.outlook_top", level=t(f"sal.level.{outlook.level_now}"), role=role_label))
        elif outlook.status == "rate" or outlook.after is None:
            st.info(t("sal.outlook_rate", level=t(f"sal.level.{outlook.level_next}"), names=names))
        else:
            change = f"+{t.money(outlook.after.p50 - now.p50, cur)}"
            next_name = t(f"sal.level.{outlook.level_next}")
            st.write(
                t(
                    "sal.outlook_steps",
                    level=next_name,
                    role=role_label,
                    p50=t.money(outlook.after.p50, cur),
                    change=change,
                )
            )
            st.markdown(
                "\n".join(
                    "- "
                    + t(
                        "sal.outlook_step_forced" if s.forced else "sal.outlook_step",
                        competency=comp[s.competency].name.get(lang),
                        start=t.number(s.level, 0 if float(s.level).is_integer() else 1),
                        end=t.number(s.to, 0 if float(s.to).is_integer() else 1),
                    )
                    for s in outlook.steps.itertuples()
                )
            )
            if outlook.to_rate:
                st.caption(t("sal.outlook_also_rate", level=next_name, names=names))
            if not report.role_was_chosen:  # the closest role can change with new answers, and its steps with it
                st.caption(t("sal.outlook_role_may_change", role=role_label))
        st.page_link("pages/salary.py", label=t("nav.salary"), icon=":material/payments:")


def outlook_sources(sources: list[dict[str, Any]], data: SalaryData, t: Messages) -> str:
    """The sources of an estimate as one line: each name (in the page's language) with its date."""
    names = []
    for source in sources:
        if source["id"] == "observations":
            names.append(f"{t.plural('sal.own_observations', source.get('indexed', 0))} ({source['date']})")
        else:
            names.append(f"{data.source(source['id']).name.get(t.lang)} ({source['date']})")
    return "; ".join(names)
