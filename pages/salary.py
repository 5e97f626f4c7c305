"""Salary: what a profile earns, with the factors and sources behind the range; fit on your own data."""

import pandas as pd
import streamlit as st

from pages._cached import draw
from pages._pinball import show_held_out
from pages._salary_data import dataset_actions
from pages._state import kept
from pages._ui import (
    BASELINE,
    HALF_WIDTH,
    current_actor,
    database,
    fallback_text,
    fitted_table,
    import_files,
    messages,
    page_setup,
    remembered_select,
    role_name,
    roles,
    salary_estimator,
    salary_money_caption,
    show_problems,
)
from smm_eval import salary
from smm_eval.access import Action
from smm_eval.charts import salary_ladder_chart
from smm_eval.errors import InputError
from smm_eval.services.salary import fit_dataset, list_datasets
from smm_eval.vocabulary import CAREER_LEVELS


def factor_text(value: float) -> str:
    """A multiplier as written in the data (`:g`, no trailing zeros), with the language's decimal
    sign: "×0.89" in English, "×0,89" in Spanish."""
    plain = f"{value:g}"
    return "×" + messages().number(value, len(plain.split(".")[1]) if "." in plain else 0)


t = page_setup(__file__)
all_roles, lang, db = roles(), t.lang, database()

st.title(t("sal.title"))
st.write(t("sal.intro"))

# One market at a time: its currency, period, regions and sources; every figure below is in it.
m1, m2, m3 = st.columns(3)
market = remembered_select(
    t("sal.market_label"), salary.MARKETS, lambda m: salary.load_market(m).name.get(lang), "sal_market", m1
)
data = salary.load_market(market)
estimate_for = salary_estimator(market)
gross_net = remembered_select(
    t("sal.gross_net_label"),
    salary.GROSS_NET if data.tax else ("gross",),
    lambda g: t(f"sal.gross_net.{g}"),
    "sal_gross_net",
    m2,
)
pay_kind = remembered_select(
    t("sal.pay_kind_label"),
    salary.PAY_KINDS if data.expected else ("offered",),
    lambda k: t(f"sal.pay_kind.{k}"),
    "sal_pay_kind",
    m3,
)

# The level of the person's own self-assessment, when there is one, is the starting point.
c1, c2, c3 = st.columns(3)
level = remembered_select(
    t("res.level"),
    list(CAREER_LEVELS),
    lambda lv: t(f"sal.level.{lv}"),
    "sal_level",
    c1,
    default=st.session_state.get("sal_own_level", "middle"),
)
role_id = remembered_select(
    t("sal.role"), list(all_roles), role_name, "sal_role", c2, default=st.session_state.get("sal_own_role")
)
region = remembered_select(
    t("sal.region"), list(data.regions), lambda r: data.regions[r].get(lang), f"sal_region_{data.id}", c3
)
c4, c5, c6 = st.columns(3)
work_format = remembered_select(
    t("sal.work_format"), salary.WORK_FORMATS, lambda w: t(f"sal.formats.{w}"), "sal_format", c4
)
projects = c5.number_input(t("sal.projects"), min_value=1, max_value=10, **kept("sal_projects", 1))
immersion = remembered_select(
    t("sal.immersion"), salary.IMMERSION, lambda i: t(f"sal.immersions.{i}"), "sal_immersion", c6, default="standard"
)
if "sal_own_text" in st.session_state:  # the level is relative to the role it was judged for
    st.caption(t("sal.own_level", level=st.session_state.sal_own_text))
query = salary.SalaryQuery(
    level, region, work_format, role_id, int(projects), immersion,
    market=market, gross_net=gross_net, pay_kind=pay_kind,
)  # fmt: skip
estimate = estimate_for(query)

cols = st.columns(len(estimate.quantiles))
for col, (q, value) in zip(cols, sorted(estimate.quantiles.items()), strict=True):
    # The currency in the label: five money values with it did not fit their columns at 1400 px.
    col.metric(f"P{round(q * 100)}, {estimate.currency}", t.number(round(value, -2)))
weight_text = {
    "weight": t.percent(estimate.weight),
    "k": t.number(estimate.credibility_k or 0),
    "n_eff": t.number(estimate.n_effective or 0, 1),  # Kish's effective n, the n of the weight
}
st.caption(t(f"sal.method.{estimate.method}", n=estimate.n, **weight_text) + " " + salary_money_caption(t, estimate))
if estimate.floor_binds and estimate.floor is not None:
    st.info(t("sal.floor_binds", floor=t.money(estimate.floor, estimate.currency)), icon=":material/gavel:")
if data.limited_data:
    st.warning(t("sal.limited_data", market=data.name.get(lang)), icon=":material/data_alert:")
if estimate.fallback_reason:
    st.info(t("sal.fallback", reason=fallback_text(t, estimate)), icon=":material/info:")
if estimate.warning:  # the anchor is old: it still carries the baseline's share of the figure
    st.warning(
        t("sal.old_sources", year=data.newest_year(), years=data.warn_after_years, date=t.month(data.money_date)),
        icon=":material/history:",
    )

chart_rows = salary.range_by_level(query, estimate_for).assign(
    label=lambda f: f["level"].map(lambda lv: t(f"sal.level.{lv}"))
)
st.subheader(t("sal.by_level"), anchor=False)
draw(
    salary_ladder_chart,
    chart_rows,
    [t(f"sal.level.{lv}") for lv in CAREER_LEVELS],
    level,
    level_title=t("res.level"),
    amount_title=t(f"sal.axis_{data.period}", currency=estimate.currency),
    width="stretch",
)


def shown_value(effect: salary.Effect) -> str:
    names = {"level": "sal.level.", "work_format": "sal.formats.", "immersion": "sal.immersions."}
    if effect.factor == "region":
        return data.regions[effect.value].get(lang) if effect.value in data.regions else effect.value
    if effect.factor in names:
        return t(names[effect.factor] + effect.value)
    return role_name(effect.value) if effect.factor == "role" else effect.value


def source_name(source: dict) -> str:
    if source["id"] == "observations":
        return t.plural("sal.own_observations", estimate.n)
    return data.source(source["id"]).name.get(lang)


def verified_text(source: dict) -> str:
    """Whether a source's figures were checked at their source, and why not. The reason is the market
    data's own words, in English: pages in another language say where to read it."""
    if source.get("verified") is None:
        return "—"
    if source["verified"]:
        return t("sal.verified_yes")
    return t("sal.verified_no", reason=source.get("unverified")) if t.lang == "en" else t("sal.verified_no_other")


left, right = st.columns(2, gap="medium")
with left:
    st.subheader(t("sal.factors"), anchor=False)
    fitted_table(  # the "why" texts wrap in their half of the page instead of being cut
        pd.DataFrame(
            {
                t("sal.factor"): [data.factors[e.factor].label.get(lang) for e in estimate.effects],
                t("sal.value"): [shown_value(e) for e in estimate.effects],
                t("sal.multiplier"): [factor_text(e.multiplier) for e in estimate.effects],
                t("sal.reason"): [e.reason.get(lang) for e in estimate.effects],
            }
        ),
        width_px=HALF_WIDTH,
    )
with right:
    st.subheader(t("sal.sources"), anchor=False)
    fitted_table(
        pd.DataFrame(
            {
                t("sal.source"): [source_name(s) for s in estimate.sources],
                t("sal.date"): [s.get("date") or "—" for s in estimate.sources],
                t("sal.status"): [
                    t(f"sal.statuses.{s['status']}") if s.get("status") else "—" for s in estimate.sources
                ],
                t("sal.verified"): [verified_text(s) for s in estimate.sources],
                t("sal.url"): [s.get("url") or "—" for s in estimate.sources],
            }
        ),
        width_px=HALF_WIDTH,
    )
anchor = data.anchor
st.caption(
    t(
        "sal.anchor",
        figure=t.money(anchor.figure, data.currency),
        source=data.source(anchor.source).name.get(lang),
        date=t.date(anchor.date),
        value=t.money(anchor.value, data.currency),
        reason=anchor.reason.get(lang),
    )
)
for conversion in anchor.conversions:
    st.caption(f"{factor_text(conversion.multiplier)}: {conversion.reason.get(lang)}")
st.caption(t("sal.spread", sigma=t.number(data.dispersion.sigma, 2), reason=data.dispersion.reason.get(lang)))
if data.tax is not None:
    st.caption(t("sal.tax", reason=data.tax.reason.get(lang)))
if data.expected is not None:
    st.caption(t("sal.expected", reason=data.expected.reason.get(lang)))

st.subheader(t("sal.data_title"), anchor=False)
datasets = {d.id: d for d in list_datasets(db)}
remembered_select(
    t("sal.data_choice"),
    [BASELINE, *datasets],
    lambda i: (
        t("sal.baseline")
        if i == BASELINE
        else t.plural("sal.dataset", datasets[i].rows, name=datasets[i].name, date=t.date(datasets[i].created_at))
    ),
    "salary_dataset",
)
st.caption(t("sal.data_rule"))
chosen = datasets.get(st.session_state.salary_dataset)
if chosen is not None and chosen.currency != data.currency:  # one currency at a time: not used here
    st.info(
        t("sal.dataset_other_market", currency=chosen.currency, market=data.name.get(lang), own=data.currency),
        icon=":material/currency_exchange:",
    )
if chosen is not None and current_actor().may(Action.MANAGE_SALARY_DATA):  # shared: recruiters, admins
    dataset_actions(t, db, chosen)  # rename, or delete after a confirmation (pages/_salary_data.py)
metrics = chosen.metrics if chosen is not None else None
if chosen is not None and metrics is not None and metrics.n_test:
    show_held_out(t, metrics, chosen.currency)

if current_actor().may(Action.MANAGE_SALARY_DATA):  # shared datasets: recruiters and admins
    with st.expander(t("sal.upload_title"), icon=":material/upload_file:"):
        # The fit needs 2 × MIN_MATCHING observations (QuantileSalaryModel.fit): the number the CLI gives.
        st.caption(t("sal.upload_help", minimum=2 * salary.MIN_MATCHING))
        import_files("observations", "sal_upload")
        upload = st.file_uploader(t("sal.upload_label"), type=["csv", "json"], key="sal_upload")
        name = st.text_input(t("sal.dataset_name"), max_chars=200, key="sal_name")
        if st.button(t("sal.fit"), disabled=upload is None, icon=":material/model_training:", type="primary"):
            bar = st.progress(0.0, text=t("sal.reading"))
            try:
                summary = fit_dataset(
                    db, upload.getvalue(), upload.name, name, tuple(all_roles), data,
                    progress=lambda share: bar.progress(0.1 + 0.8 * share, text=t("sal.fitting")),
                )  # fmt: skip
                bar.empty()
                st.session_state.salary_dataset = summary.dataset_id  # this session's choice, no one else's
                flash = t.plural("sal.reused" if summary.reused else "sal.fitted", summary.rows)
                if summary.dropped is not None:
                    left_out = ", ".join(f"{t(f'sal.drop.{r}')}: {n}" for r, n in summary.dropped.items() if n)
                    flash += " " + t.plural("sal.dropped", sum(summary.dropped.values()), reasons=left_out or "–")
                st.session_state.sal_flash = flash
                st.rerun()
            except InputError as exc:
                bar.empty()
                show_problems(exc)
if flash := st.session_state.pop("sal_flash", None):
    st.success(flash, icon=":material/check:")
