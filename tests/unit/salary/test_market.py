"""data/markets/: every market loads, every figure has its basis, every source its date and status."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from smm_eval.errors import DataFileError, InputError
from smm_eval.framework import DATA_DIR
from smm_eval.salary import MARKETS, load_market, load_salary_data
from smm_eval.vocabulary import CAREER_LEVELS


@pytest.mark.parametrize("market", MARKETS)
def test_every_factor_has_its_basis_and_every_source_its_date(market, role_ids):
    data = load_market(market)
    ids = {s.id for s in data.sources}
    for name, factor in data.factors.items():
        for value, entry in factor.values.items():
            for lang in ("en", "es"):
                assert len(entry.reason.get(lang)) > 10, (name, value)
            # Either a source of the market is cited, or the value is declared an assumption in words.
            if entry.source == "assumption":
                assert "assum" in entry.reason.en or "reference" in entry.reason.en, (name, value)
            else:
                assert entry.source in ids, (name, value)
    assert set(data.factors["role"].values) == set(role_ids)
    assert set(data.factors["region"].values) == set(data.regions)
    for source in data.sources:
        assert date(2009, 1, 1) <= source.date <= date(2026, 11, 30), source.id
        assert source.status in {"verified_publisher", "verified_secondary", "derived", "assumption"}


def test_each_market_has_its_currency_period_and_money_date():
    shapes = {m: (load_market(m).currency, load_market(m).period, load_market(m).money_date) for m in MARKETS}
    assert shapes == {
        "russia": ("RUB", "month", date(2025, 11, 30)),  # the Rosstat November 2025 point
        "united_states": ("USD", "year", date(2026, 3, 31)),  # ECI, March 2026
        "spain": ("EUR", "year", date(2025, 2, 15)),  # ETCL, Q1 2025 (mid-quarter)
    }
    assert load_market("spain").limited_data and not load_market("russia").limited_data
    assert load_salary_data() is load_market("russia")


def test_the_level_factors_are_ratios_of_one_source_and_year():
    # Finding: junior ×0.75 divided a figure of about 2016 by one of 2023. Every level factor now
    # is a percentile ratio of BLS OEWS 13-1161, May 2024: e.g. junior = P25/P50 = 56,220/76,950 = 0.7306.
    data = load_market("russia")
    levels = data.factors["level"].values
    assert {levels[lv].source for lv in CAREER_LEVELS} == {"bls_oews_2024_13_1161"}
    figures = data.source("bls_oews_2024_13_1161").figures
    ratios = {
        "trainee": figures["p10"],
        "junior": figures["p25"],
        "middle": figures["p50"],
        "senior": figures["p75"],
        "lead": figures["p90"],
    }
    for level, figure in ratios.items():
        assert levels[level].value == pytest.approx(figure / figures["p50"], abs=0.0005), level


def test_the_russian_anchor_is_a_converted_mean_offer():
    anchor = load_market("russia").anchor
    # 54,000 mean offer (hh.ru, April 2023) × 0.890 (mean to median) × 1.074 (mixed net/gross to gross)
    # × 1.0 (marketing mix to a middle SMM manager) = 51,616.44
    assert anchor.figure == 54000 and anchor.date == date(2023, 4, 30)
    assert anchor.value == pytest.approx(51616.44)


def test_an_unknown_market_is_refused():
    with pytest.raises(InputError, match="'mars' is not one of russia, united_states, spain"):
        load_market("mars")


def _copy(tmp_path):
    folder = tmp_path / "markets"
    shutil.copytree(DATA_DIR / "markets", folder)
    return folder


def test_a_market_without_a_career_level_is_refused(tmp_path):
    folder = _copy(tmp_path)
    common = folder / "common.yaml"
    common.write_text(common.read_text(encoding="utf-8").replace("      lead: {", "      chief: {"), encoding="utf-8")
    with pytest.raises(DataFileError, match="missing values"):
        load_market("russia", folder)


def test_a_factor_citing_an_unknown_source_is_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "russia.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("source: avito_2017", "source: avito_2031"), "utf-8")
    with pytest.raises(DataFileError, match="unknown source 'avito_2031'"):
        load_market("russia", folder)


def test_an_anchor_outside_its_index_is_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "russia.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('date: "2023-04-30"\n  conv', 'date: "2019-04-30"\n  conv'), "utf-8"
    )
    with pytest.raises(DataFileError, match=r"outside 2022-07-01\.\.2025-11-30"):
        load_market("russia", folder)


def test_every_source_says_whether_it_was_verified_and_why_not():
    """Issue 14: verify each figure at its source; what could not be verified is marked with the reason."""
    us, russia = load_market("united_states"), load_market("russia")
    for market in (us, russia, load_market("spain")):
        for source in market.sources:
            assert source.verified or source.unverified, (market.id, source.id)
    for sid in ("bls_oews_2024_27_3031", "bls_oews_11_2032", "bls_oews_2024_11_2021", "bls_oews_2024_13_1161"):
        source = us.source(sid)
        assert not source.verified and "not in the stored corpus" in (source.unverified or "")
    mrot = russia.source("mrot_law")
    assert mrot.verified and mrot.figures["y2026"] == 27093 and "28.11.2025" in mrot.name.en
    assert "not verified" in russia.factors["region"].values["st_petersburg"].reason.en


def test_an_unverified_source_without_a_reason_is_refused(tmp_path):
    for name in ("common.yaml", "spain.yaml"):
        shutil.copy(DATA_DIR / "markets" / name, tmp_path / name)
    path = tmp_path / "spain.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("    unverified: "))
    path.write_text("".join(lines[:first] + lines[first + 1 :]), encoding="utf-8")  # verified: false, no reason
    with pytest.raises(DataFileError, match="`unverified` must give the reason"):
        load_market("spain", tmp_path)
