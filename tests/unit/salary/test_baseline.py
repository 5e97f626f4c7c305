"""The sourced baseline: factors, index, spread, floor, tax, expected pay, the JSON shape, and the outlook."""

from __future__ import annotations

import itertools
import math
from datetime import date

import pytest

from smm_eval.errors import InputError
from smm_eval.salary import (
    MARKETS,
    WORK_FORMATS,
    SalaryEstimate,
    SalaryQuery,
    baseline_estimate,
    load_market,
    range_by_level,
)
from smm_eval.vocabulary import CAREER_LEVELS

TODAY = date(2026, 11, 26)
RU_INDEX = 99957 / (65300 + 303 / 365 * 9554)  # Rosstat level at the money date / at April 2023


def _pays(data):
    """Every (gross_net, pay_kind) the market can give."""
    nets = ("gross", "net") if data.tax else ("gross",)
    kinds = ("offered", "expected") if data.expected else ("offered",)
    return list(itertools.product(nets, kinds))


def _every_query(market):
    data = load_market(market)
    for region, work_format, role, (gross_net, kind) in itertools.product(
        data.regions, WORK_FORMATS, data.factors["role"].values, _pays(data)
    ):
        yield data, [SalaryQuery(lv, region, work_format, role, market=market, gross_net=gross_net, pay_kind=kind)
                     for lv in CAREER_LEVELS]  # fmt: skip


@pytest.mark.parametrize("market", MARKETS)
def test_no_estimate_is_below_the_legal_minimum_and_p50_rises_with_level(market):
    # Finding: trainee / other region / remote / community manager gave P25 13,632 RUB, below the MROT.
    for data, queries in _every_query(market):
        estimates = [baseline_estimate(q, data, today=TODAY) for q in queries]
        floor = estimates[0].floor
        lowest = data.tax.net(floor, data.period) if queries[0].gross_net == "net" and data.tax else floor
        for e in estimates:
            assert min(e.quantiles.values()) >= lowest - 1e-9, queries[0]
            assert list(e.quantiles.values()) == sorted(e.quantiles.values())
        medians = [e.p50 for e in estimates]
        assert medians == sorted(medians), queries[0]
        # Strictly rising wherever the lower level is above the floor.
        assert all(b > a for a, b in itertools.pairwise(medians) if a > lowest), queries[0]


def test_the_impossible_trainee_is_lifted_to_the_mrot_and_says_so():
    e = baseline_estimate(SalaryQuery("trainee", "other_region", "remote", "community_manager"), today=TODAY)
    # P50 = 51,616.44 × 0.547 × 0.8 × 0.9 × 0.85 × index = 23,585; P25 raw = 23,585 × e^(−0.6745 × 0.46) = 17,284
    p50 = 51616.44 * 0.547 * 0.8 * 0.9 * 0.85 * RU_INDEX
    assert e.p50 == pytest.approx(p50, rel=1e-5)
    assert e.p25 == e.quantiles[0.1] == 22440  # lifted to the 2025 MROT (money date November 2025)
    assert e.floor == 22440 and e.floor_binds
    middle = baseline_estimate(SalaryQuery("middle", "moscow", "office"), today=TODAY)
    assert not middle.floor_binds


def test_baseline_is_the_anchor_times_the_factors_and_the_index():
    estimate = baseline_estimate(SalaryQuery("senior", "moscow", "remote", "smm_analyst", 2, "deep"), today=TODAY)
    # anchor 51,616.44 × senior 1.363 × Moscow 1.55 × remote 0.9 × analyst 1.1 × 2 projects 1.3 × deep 1.15 × index
    expected = 51616.44 * 1.363 * 1.55 * 0.9 * 1.1 * 1.3 * 1.15 * RU_INDEX
    assert estimate.p50 == pytest.approx(expected, rel=1e-5)
    assert estimate.p25 == pytest.approx(expected * math.exp(-0.6744898 * 0.46), rel=1e-6)
    assert estimate.quantiles[0.9] == pytest.approx(expected * math.exp(1.2815516 * 0.46), rel=1e-6)
    assert [e.factor for e in estimate.effects] == ["level", "region", "work_format", "role", "projects", "immersion"]
    assert estimate.method == "baseline" and estimate.n == 0 and estimate.currency == "RUB"
    assert estimate.money_date == date(2025, 11, 30) and estimate.index_factor == pytest.approx(RU_INDEX, rel=1e-6)


def test_the_us_market_is_annual_dollars_from_the_oews_median():
    e = baseline_estimate(SalaryQuery("middle", "national", "office", market="united_states"), today=TODAY)
    # 76,950 (OEWS 13-1161 P50, May 2024) × ECI 177.498 / 166.954 = 81,810
    assert e.p50 == pytest.approx(76950 * 177.498 / (166.34 + 42 / 91 * 1.33), rel=1e-6)
    assert (e.currency, e.period, e.market, e.money_date) == ("USD", "year", "united_states", date(2026, 3, 31))
    assert not e.floor_binds and e.floor == 15080


def test_net_and_expected_pay():
    gross = baseline_estimate(SalaryQuery("middle", "moscow", "office"), today=TODAY)
    net = baseline_estimate(SalaryQuery("middle", "moscow", "office", gross_net="net"), today=TODAY)
    expected = baseline_estimate(SalaryQuery("middle", "moscow", "office", pay_kind="expected"), today=TODAY)
    # P50 gross is 109,204 RUB a month: 1.31 M a year, all in the 13% bracket.
    assert net.p50 == pytest.approx(gross.p50 * 0.87)
    assert expected.p50 == pytest.approx(gross.p50 * 1.241)  # 67,000/54,000 (hh.ru 2023)
    assert (net.gross_net, expected.pay_kind) == ("net", "expected")


def test_pay_a_market_cannot_give_is_refused():
    with pytest.raises(InputError, match="only gross pay is available"):
        baseline_estimate(SalaryQuery("middle", "national", "office", market="united_states", gross_net="net"))
    with pytest.raises(InputError, match="only offered pay is available"):
        baseline_estimate(SalaryQuery("middle", "national", "office", market="spain", pay_kind="expected"))
    with pytest.raises(InputError, match="region: 'moscow' is not one of national"):
        baseline_estimate(SalaryQuery("middle", "moscow", "office", market="spain"))


def test_an_old_anchor_raises_a_warning_and_a_recent_one_does_not():
    query = SalaryQuery("middle", "moscow", "office")
    assert "2023" in baseline_estimate(query, today=date(2026, 11, 26)).warning
    assert baseline_estimate(query, today=date(2024, 6, 1)).warning is None


def test_json_shape():
    doc = baseline_estimate(SalaryQuery("junior", "other_region", "office"), today=TODAY).as_json()
    assert {"p10", "p25", "p50", "p75", "p90", "currency", "n", "sources", "market", "money_date"} <= set(doc)
    assert doc["money_date"] == "2025-11-30" and doc["gross_net"] == "gross" and doc["pay_kind"] == "offered"
    assert doc["n"] == 0 and all({"name", "date", "status"} <= set(s) for s in doc["sources"])


def test_unknown_query_values_are_refused():
    with pytest.raises(InputError, match="region: 'mars'"):
        baseline_estimate(SalaryQuery("middle", "mars", "office"))


def test_range_by_level_has_every_career_level_in_order():
    query = SalaryQuery("middle", "moscow", "remote", "smm_analyst", 2, "deep")
    rows = range_by_level(query, lambda q: baseline_estimate(q, today=TODAY))
    assert rows["level"].tolist() == list(CAREER_LEVELS)
    middle = rows.set_index("level").loc["middle"]
    assert middle["p50"] == pytest.approx(baseline_estimate(query, today=TODAY).p50)
    assert set(rows["method"]) == {"baseline"} and set(rows["n"]) == {0} and set(rows["currency"]) == {"RUB"}


def test_range_by_level_refuses_to_mix_currencies():
    # Finding: a fitted model in another currency was plotted next to rouble bars on one axis.
    def mixed(q: SalaryQuery) -> SalaryEstimate:
        e = baseline_estimate(q, today=TODAY)
        return SalaryEstimate(e.quantiles, "USD" if q.level == "lead" else "RUB", 0, "baseline", [])

    with pytest.raises(InputError, match=r"mix currencies \(RUB, USD\)"):
        range_by_level(SalaryQuery("middle", "moscow", "office"), mixed)
