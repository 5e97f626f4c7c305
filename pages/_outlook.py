"""The results page's "what you could earn" panel (not a page: the leading underscore)."""

from __future__ import annotations

import streamlit as st

from pages._ui import framework, messages, remembered_select, role_name, salary_estimator
from smm_eval.assessment import SelfReport, salary_outlook
from smm_eval.salary import REGIONS, WORK_FORMATS, SalaryQuery


def salary_outlook_panel(answers: dict[str, int], report: SelfReport) -> None:
    """The results page's "what you could earn": the range now and the two gaps that raise it most."""
    t = messages()
    lang = t.lang
    fw = framework()
    comp = fw.competencies
    summary = report.summary
    with st.container(border=True):
        st.subheader(t("sal.outlook_title"), anchor=False)
        o1, o2 = st.columns(2)
        region = remembered_select(t("sal.region"), REGIONS, lambda r: t(f"sal.regions.{r}"), "sal_region", o1)
        work = remembered_select(t("sal.work_format"), WORK_FORMATS, lambda w: t(f"sal.formats.{w}"), "sal_format", o2)
        own_gaps = report.result.gaps.loc[report.result.gaps["person"] == "you"]
        query = SalaryQuery(summary["level"], region, work, report.role_id)
        outlook = salary_outlook(answers, own_gaps, fw, salary_estimator(), query)
        now, cur = outlook.now, outlook.now.currency
        st.session_state.sal_own_level = outlook.level_now  # the Salary page starts from it
        level_name = t(f"sal.level.{outlook.level_now}")
        st.write(
            t(
                "sal.outlook_now",
                level=level_name,
                role=role_name(report.role_id),
                region=t(f"sal.regions.{region}"),
                format=t(f"sal.formats.{work}"),
                p25=t.money(now.p25, cur),
                p75=t.money(now.p75, cur),
                p50=t.money(now.p50, cur),
            )
        )
        st.caption(
            t(f"sal.method.{now.method}", n=now.n)
            + (" " + t("sal.fallback", reason=now.fallback_reason) if now.fallback_reason else "")
        )
        if not outlook.movers.empty:
            st.write(t("sal.outlook_movers"))
            st.markdown(
                "\n".join(
                    "- "
                    + t(
                        "sal.outlook_mover",
                        competency=comp[m.competency].name.get(lang),
                        level=t(f"sal.level.{m.level_after}"),
                        p50=t.money(m.p50_after, cur),
                    )
                    for m in outlook.movers.itertuples()
                )
            )
            after_name = t(f"sal.level.{outlook.level_after}")
            if outlook.level_after != outlook.level_now:
                change = f"+{t.money(outlook.after.p50 - now.p50, cur)}"
                st.success(t("sal.outlook_after", level=after_name, p50=t.money(outlook.after.p50, cur), change=change))
            else:
                st.info(t("sal.outlook_same", level=after_name), icon=":material/info:")
        st.page_link("pages/salary.py", label=t("nav.salary"), icon=":material/payments:")
