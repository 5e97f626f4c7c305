"""Compare candidates of a vacancy: ranking with the probability of each order, those not yet rankable,
radar against the target, gaps, agreement."""

import pandas as pd
import streamlit as st

from pages import _cached as cached
from pages._agreement_text import left_out_text, rwg_cells
from pages._cached import draw
from pages._candidate_links import candidate_page_link
from pages._downloads import table_download
from pages._picker import capped_multiselect
from pages._state import kept
from pages._ui import (
    band_caption,
    band_text,
    candidate_label,
    database,
    fitted_table,
    framework,
    or_dash,
    page_setup,
    roles,
    salary_estimator,
    score_text,
    show_gaps,
    vacancy_selector,
)
from smm_eval import charts
from smm_eval.agreement.records import MIN_TARGETS, RECOMMENDED_TARGETS, TOO_FEW_TARGETS, Reliability
from smm_eval.i18n import level_text
from smm_eval.markdown import escape_markdown
from smm_eval.recruiting import SETTLED
from smm_eval.salary import MARKETS, WORK_FORMATS, load_market
from smm_eval.scoring import COVERAGE_GATE, target_block_scores, top_gaps_of
from smm_eval.services.recruiting import market_positions, self_versus_interviewers

MIN_COMPARED, MAX_COMPARED = 2, 6
t = page_setup(__file__)
fw, all_roles, lang, db = framework(), roles(), t.lang, database()
block_names = {b.id: b.name.get(lang) for b in fw.blocks}

st.title(t("cmp.title"))
vacancy = vacancy_selector()
vacancy_id = vacancy.id
view = cached.vacancy_view(db, vacancy_id, fw, with_self=True)  # read again only when the vacancy changed
inputs = view.inputs
spec, apps, ratings = inputs.spec, inputs.applications, inputs.ratings
if ratings.empty or view.evaluation is None:
    st.info(t("cmp.no_scorecards"), icon=":material/info:")
    if not apps.empty:  # who is waiting for one, never a silent empty page
        waiting = map(candidate_label, apps["code"], apps["name"])
        st.caption(t.plural("cmp.waiting", len(apps), names=", ".join(map(escape_markdown, waiting))))
    st.page_link("pages/scorecard.py", label=t("nav.scorecard"), icon=":material/rate_review:")
    st.stop()

evaluation = view.evaluation
everyone = evaluation.ranking
label = {code: candidate_label(code, name) for code, name in zip(everyone.index, everyone["name"], strict=True)}
ranking, apart = everyone.loc[everyone["ranked"]], everyone.loc[~everyone["ranked"]]


def order_text(p: float, order: object) -> str:
    """The probability of ranking above the next as a percent with its verdict, or "—"."""
    if order == "knockouts":
        return t("cmp.order.knockouts")
    return t(f"cmp.order.{order}", p=t.percent(p)) if isinstance(order, str) else "—"


st.subheader(t.plural("cmp.ranking_title", len(ranking)), anchor=False)
# Who this ranking leaves out and why, in sight above it (the list apart is further down the page):
# a candidate without a scorecard was only in that list, and the tester never saw her.
unscored, too_few = apart.index[apart["raters"] == 0], apart.index[apart["raters"] > 0]
for codes, key in ((unscored, "cmp.left_out_unscored"), (too_few, "cmp.left_out_too_few")):
    if len(codes):
        names = ", ".join(escape_markdown(label[c]) for c in codes)
        st.info(t.plural(key, len(codes), names=names), icon=":material/person_off:")
m0, m1, m2 = st.columns(3)
# Kept across page and language switches; the widget keys carry the language so the labels follow it.
market_id = m0.selectbox(
    t("sal.market_label"), MARKETS, format_func=lambda m: load_market(m).name.get(t.lang),
    **kept("cmp_market", MARKETS[0], by_language=True, options=MARKETS),
    placeholder=t("common.choose_option"),
)  # fmt: skip
market_data = load_market(market_id)
regions = list(market_data.regions)
region = m1.selectbox(
    t("sal.region"), regions, format_func=lambda r: market_data.regions[r].get(t.lang),
    **kept(f"cmp_region_{market_id}", regions[0], by_language=True, options=regions),
    placeholder=t("common.choose_option"),
)  # fmt: skip
work = m2.selectbox(
    t("sal.work_format"), WORK_FORMATS, format_func=lambda w: t(f"sal.formats.{w}"),
    **kept("cmp_fmt", WORK_FORMATS[0], by_language=True, options=WORK_FORMATS),
    placeholder=t("common.choose_option"),
)  # fmt: skip
market = market_positions(ranking, spec.role_id, region, work, salary_estimator(market_id), market_data)
MARKET_MARK = {"above": "▲", "below": "▼", "within": "●"}


def budget_cell(status: str, expected: float) -> str:
    """Against the budget in words with a mark (not by colour alone); over the maximum, with the amount over."""
    if status == "above" and spec.budget_max is not None:
        return t("layout.budget_above", amount=t.money(expected - spec.budget_max, spec.currency))
    return t(f"layout.budget_{status}") if status in ("below", "within", "other_currency") else "—"


def pay_cells(rows: pd.DataFrame) -> list[str]:
    """Each candidate's expected monthly pay with its currency and gross/net basis, or "—"."""
    return [
        "—" if pd.isna(v) else f"{t.money(v, c)} {t(f'layout.gross_net.{g}')}"
        for v, c, g in zip(rows["expected_salary"], rows["expected_currency"], rows["expected_gross_net"], strict=True)
    ]


overall = [t.number(v) if pd.notna(v) else t("common.not_rated") for v in ranking["overall"]]
table = pd.DataFrame(
    {
        # Rows in rank order, best first (no rank column: the room goes to the key figures).
        t("cand.candidate"): [label[c] for c in ranking.index],
        t("layout.overall_band"): [
            f"{o} ({b})"
            for o, b in zip(overall, band_text(t, ranking["overall_low"], ranking["overall_high"]), strict=True)
        ],
        t("layout.fit"): or_dash(ranking["fit"], lambda v: t.percent(v / 100)),  # the results headline's unit
        t("cmp.knockouts"): [
            f"{p}/{n}" + (" ✓" if ok else " ✗")
            for p, n, ok in zip(ranking["passed"], ranking["total"], ranking["all_passed"], strict=True)
        ],
        t("cmp.confidence"): [t(f"cmp.conf.{c}") for c in ranking["confidence"]],
        t("layout.expected_pay"): pay_cells(ranking),
        t("layout.vs_market"): [
            f"{MARKET_MARK[m.position]} {t(f'sal.position.{m.position}')}"
            if m.position in MARKET_MARK
            else (t(f"sal.position.{m.position}") if m.position != "unknown" else "—")
            for m in market
        ],
        t("layout.vs_budget"): [
            budget_cell(b, v) for b, v in zip(ranking["budget"], ranking["expected_salary"], strict=True)
        ],
    }
)
over = ranking["budget"] == "above"
over_anyone = everyone["budget"] == "above"  # the over-budget warning names those not ranked too
fitted_table(
    table,
    column_config={
        t("layout.overall_band"): st.column_config.Column(help=t("layout.overall_help")),
        t("layout.vs_market"): st.column_config.Column(help=t("layout.market_help")),
        t("layout.vs_budget"): st.column_config.Column(help=t("layout.budget_help")),
    },
    flagged={t("layout.vs_budget"): over.to_numpy(), t("layout.expected_pay"): over.to_numpy()},
)
table_download(table, "ranking.csv", "cmp_ranking_csv")  # Streamlit's table export is off (pages/_downloads.py)
if over_anyone.any() and spec.budget_max is not None:
    st.warning(
        t(
            "layout.over_budget",
            names=", ".join(escape_markdown(label[c]) for c in everyone.index[over_anyone]),
            budget=t.money(spec.budget_max, spec.currency),
        ),
        icon=":material/savings:",
    )
st.markdown(f"**{t('layout.details_title')}**")
details = pd.DataFrame(
    {
        t("cand.candidate"): [label[c] for c in ranking.index],
        t("cmp.above_next"): [order_text(p, o) for p, o in zip(ranking["p_above_next"], ranking["order"], strict=True)],
        t("res.level"): [
            level_text(t, lv, bool(p), int(n))
            for lv, p, n in zip(ranking["level"], ranking["level_provisional"], ranking["level_to_rate"], strict=True)
        ],
        t("sf.raters"): ranking["raters"].to_numpy(),
        t("sf.rwg"): rwg_cells(t, ranking["rwg"], ranking["raters"]),
        t("sal.market"): [
            f"{t.number(round(m.market.p25, -2))}–{t.money(m.market.p75, m.market.currency)}"
            if m.market is not None
            else "—"
            for m in market
        ],
    }
)
fitted_table(details)
table_download(details, "ranking-details.csv", "cmp_details_csv")
candidate_ids = apps.set_index("code")["candidate_id"]
candidate_page_link({int(candidate_ids[c]): label[c] for c in everyone.index}, vacancy_id, "cmp_open_page")
st.caption(t("cmp.order_caption", settled=t.percent(SETTLED)))
st.caption(t("agree.rwg_caption"))
st.caption(band_caption(t, evaluation.result.components))
st.caption(
    t(
        "sal.market_caption",
        market=market_data.name.get(t.lang),
        region=market_data.regions[region].get(t.lang),
        format=t(f"sal.formats.{work}"),
        currency=market_data.currency,
    )
)
if any(m.position == "other_currency" for m in market):
    st.warning(t("sal.other_currency", currency=market_data.currency), icon=":material/currency_exchange:")
if any(m.position == "no_expected_data" for m in market):
    st.info(t("sal.no_expected_data", market=market_data.name.get(t.lang)), icon=":material/info:")
if any(b == "other_currency" for b in ranking["budget"]):
    st.warning(t("cmp.budget_other_currency", currency=spec.currency), icon=":material/currency_exchange:")
if spec.budget_min or spec.budget_max:
    st.caption(
        t(
            "cmp.budget_caption",
            low=t.number(spec.budget_min or 0),
            high=t.number(spec.budget_max or 0),
            currency=spec.currency,
        )
    )

if not apart.empty:
    st.subheader(t("cmp.apart_title", count=len(apart)), anchor=False)
    st.caption(t("cmp.apart_help", gate=t.percent(COVERAGE_GATE)))
    not_ranked = pd.DataFrame(
        {
            t("cand.candidate"): [label[c] for c in apart.index],
            t("res.to_rate"): [
                t("res.to_rate_cell", count=int(n)) if raters else t("cmp.no_scorecard_yet")
                for n, raters in zip(apart["to_rate"], apart["raters"], strict=True)
            ],
            t("sf.raters"): apart["raters"].to_numpy(),
            t("cmp.knockouts"): [f"{p}/{n}" for p, n in zip(apart["passed"], apart["total"], strict=True)],
            t("layout.expected_pay"): pay_cells(apart),
            t("layout.vs_budget"): [
                budget_cell(b, v) for b, v in zip(apart["budget"], apart["expected_salary"], strict=True)
            ],
        }
    )
    apart_over = (apart["budget"] == "above").to_numpy()
    fitted_table(not_ranked, flagged={t("layout.vs_budget"): apart_over, t("layout.expected_pay"): apart_over})
    table_download(not_ranked, "not-ranked.csv", "cmp_apart_csv")

scored = [c for c in everyone.index if everyone.at[c, "raters"] > 0]
# Kept by code: a fresh widget when blind mode is switched, or its chips keep the names they were drawn with.
chosen_key = f"cmp_chosen_{vacancy_id}"
if not set(st.session_state.get(chosen_key) or ()) <= set(scored):
    st.session_state[chosen_key] = [c for c in st.session_state[chosen_key] if c in scored]
chosen = capped_multiselect(  # a search box above MAX_PICKER_OPTIONS candidates (smm_eval.limits)
    t("cmp.choose", low=MIN_COMPARED, high=MAX_COMPARED),
    scored,
    key=chosen_key,
    default=scored[:3],
    max_selections=MAX_COMPARED,
    format_func=lambda c: label.get(c, c),
    kept_state=kept(chosen_key, scored[:3], by_blind=True),
)
if len(chosen) < MIN_COMPARED:
    st.info(t("cmp.choose_more", low=MIN_COMPARED), icon=":material/info:")
    st.stop()

profiles = evaluation.result.blocks.loc[chosen].rename(index=label)
target = target_block_scores(evaluation.result.weights)
target_name = t("res.series_target", role=spec.title)
draw(
    charts.radar_chart,
    profiles,
    block_names,
    target,
    target_name,
    t("res.score"),
    size=charts.MIN_RADAR_SIZE,
    same_as=t("res.series_same_as"),
)
# Full width, one under the other: side by side, names and competencies did not fit half a column.
st.markdown(f"**{t('cmp.gaps_title')}**")
show_gaps(top_gaps_of(evaluation.result, chosen), label.get, t("cand.candidate"))
beside = self_versus_interviewers(evaluation, inputs.self_answers, chosen, fw)
if not beside.empty:
    st.markdown(f"**{t('cmp.self_title')}**")
    st.caption(t("cmp.self_help"))
    shown = pd.DataFrame(
        {
            t("cand.candidate"): beside["code"].map(label),
            t("res.block"): beside["block"].map(block_names),
            t("cmp.interviewers"): score_text(t, beside["interviewers"]),
            t("cmp.self"): score_text(t, beside["self"]),
        }
    )
    fitted_table(shown)
    table_download(shown, "self-and-interviewers.csv", "cmp_self_csv")

st.subheader(t("cmp.agreement_title"), anchor=False)
agreement = evaluation.agreement


def form_name(form: str) -> str:
    """A reliability form in the page's language: "alpha (interval)" -> "alfa (intervalo)"; the ICC
    forms (ICC(2,1), ...) are the same notation in every language."""
    if form.startswith("alpha (") and form.endswith(")"):
        return t("cmp.alpha_form", level=t(f"cmp.alpha_level.{form[7:-1]}"))
    return form


def reliability_text(figure: Reliability) -> str:
    """One figure as the page shows it: estimate and 95% interval, or the reason there is none."""
    if figure.estimate is None:
        if figure.gate == TOO_FEW_TARGETS:
            return t.plural("cmp.gate.too_few_candidates", figure.n_targets, minimum=MIN_TARGETS)
        return t(f"cmp.gate.{figure.gate}")
    # Three decimals: the bands' limits (0.667 and 0.8, Krippendorff 2004; 0.5, 0.75 and 0.9, Koo & Li
    # 2016) need them, or 0.799 reads as 0.80 beside a band that ends at 0.8.
    low, high = (t.number(v, 3) if v is not None else "—" for v in (figure.low, figure.high))
    return t("cmp.icc_value", estimate=t.number(figure.estimate, 3), low=low, high=high)


single = agreement.single
st.metric(
    t("cmp.alpha") if single.is_alpha else t("cmp.icc"),
    t.number(single.estimate, 3) if single.estimate is not None else "—",
    help=t(f"cmp.design.{agreement.design}"),
)
figure_text = reliability_text(single).rstrip(".")
st.caption(
    t.plural(
        "cmp.icc_caption",
        single.n_targets,
        form=form_name(single.form),
        figure=figure_text,
        raters=len(agreement.raters),
    )
    if single.estimate is not None
    else t("cmp.icc_caption_gated", form=form_name(single.form), figure=figure_text)
)
if single.estimate is not None:
    st.caption(t(f"cmp.icc_band.{single.band}"))
    if single.few_targets:
        st.caption(t("cmp.few_targets", candidates=single.n_targets, recommended=RECOMMENDED_TARGETS))
if (left_out := left_out_text(t, agreement, label.get)) is not None:
    st.caption(left_out)
if agreement.average is not None and agreement.average.estimate is not None:
    st.caption(t("cmp.icc_average", form=form_name(agreement.average.form), figure=reliability_text(agreement.average)))
if agreement.per_competency:
    with st.expander(t("cmp.per_competency_title")):
        fitted_table(
            pd.DataFrame(
                {
                    t("sf.competency"): [
                        fw.competencies[c.competency].name.get(lang) for c in agreement.per_competency
                    ],
                    t("cmp.form"): [form_name(c.reliability.form) for c in agreement.per_competency],
                    t("cmp.icc_short"): [reliability_text(c.reliability) for c in agreement.per_competency],
                    t("cmp.n_candidates"): [c.reliability.n_targets for c in agreement.per_competency],
                }
            )
        )
flags = evaluation.disagreements
if flags.empty:
    st.caption(t("cmp.no_disagreements"))
else:
    st.warning(t.plural("cmp.disagreements", len(flags)), icon=":material/warning:")
    disagreements = pd.DataFrame(
        {
            t("cand.candidate"): flags["person"].map(label),
            t("sf.competency"): flags["competency"].map(lambda c: fw.competencies[c].name.get(lang)),
            t("cmp.rater"): flags["rater"].astype(str),
            t("cmp.rater_level"): flags["level"].astype(int),
            t("cmp.others_mean"): [t.number(v, 1) for v in flags["others"]],
            t("cmp.raters_count"): flags["raters"],
        }
    )
    fitted_table(disagreements)
    table_download(disagreements, "disagreements.csv", "cmp_disagreements_csv")
