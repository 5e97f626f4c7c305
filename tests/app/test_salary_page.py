"""The Salary page, and salary on the results and compare pages, in AppTest."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from benchmarks.generators import generate_observations

from ..conftest import ROOT


def new_app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    return at.run()


def test_baseline_what_if_with_sources_and_warning():
    at = new_app()
    at.switch_page("pages/salary.py").run()
    assert not at.exception
    assert [m.label for m in at.metric] == ["P10, RUB", "P25, RUB", "P50, RUB", "P75, RUB", "P90, RUB"]
    # middle SMM manager, Moscow: anchor 51,616.44 × 1.55 × Rosstat index 1.36495 = 109,204, shown to hundreds
    assert (at.metric[2].label, at.metric[2].value) == ("P50, RUB", "109,200")
    captions = " ".join(c.value for c in at.caption)
    assert "RUB a month, gross (before tax), offered pay. In money of November 2025" in captions
    at.selectbox(key="sal_region_russia__en").set_value("other_region").run()
    assert (at.metric[2].label, at.metric[2].value) == ("P50, RUB", "56,400")  # 51,616.44 × 0.8 × 1.36495 = 56,363
    assert any("The anchor figure is from 2023" in w.value for w in at.warning)
    sources = at.dataframe[1].value
    assert "hh.ru with PR Perfect, marketing, advertising and PR vacancies and CVs" in list(sources["Source"])
    assert len(at.get("vega_lite_chart")) == 1


def test_the_floor_is_shown_when_it_binds():
    # Finding: trainee / other region / remote / community manager gave P25 13,632 RUB, below the MROT.
    at = new_app()
    at.switch_page("pages/salary.py").run()
    at.selectbox(key="sal_level__en").set_value("trainee").run()
    at.selectbox(key="sal_region_russia__en").set_value("other_region").run()
    at.selectbox(key="sal_format__en").set_value("remote").run()
    at.selectbox(key="sal_role__en").set_value("community_manager").run()
    assert not at.exception
    assert (at.metric[1].label, at.metric[1].value) == ("P25, RUB", "22,400")  # P25 lifted to the 2025 MROT, 22,440
    assert any("legal minimum wage (22,400 RUB" in i.value for i in at.info)


def test_other_markets_are_in_their_own_currency_and_period():
    at = new_app()
    at.switch_page("pages/salary.py").run()
    at.selectbox(key="sal_market__en").set_value("united_states").run()
    assert not at.exception
    # 76,950 (OEWS 13-1161 P50, May 2024) × ECI 177.498/166.954 = 81,810 USD a year
    assert (at.metric[2].label, at.metric[2].value) == ("P50, USD", "81,800")
    assert at.selectbox(key="sal_region_united_states__en").options == ["United States (national)"]
    assert at.selectbox(key="sal_gross_net__en").options == ["gross (before tax)"]  # no verified US tax rule
    assert "USD a year" in " ".join(c.value for c in at.caption)
    at.selectbox(key="sal_market__en").set_value("spain").run()
    assert at.metric[2].label.endswith("EUR")
    assert any("limited data" in w.value for w in at.warning)
    assert at.selectbox(key="sal_pay_kind__en").options == ["offered pay"]  # no expected-pay source in Spain


def test_upload_observations_switches_estimates_to_them(workspace):
    frame = generate_observations({("middle", "other_region"): 90000, ("junior", "other_region"): 60000}, 60, seed=2)
    data = frame.drop(columns="salary").to_csv(index=False).encode()
    at = new_app()
    at.switch_page("pages/salary.py").run()
    at.file_uploader(key="sal_upload").set_value(("market.csv", data, "text/csv")).run()
    at.text_input(key="sal_name").input("November market").run()
    next(b for b in at.button if b.label == "Fit on these observations").click().run()
    assert not at.exception, at.exception
    assert any("Fitted on 120 observations" in s.value for s in at.success)
    at.selectbox(key="sal_region_russia__en").set_value("other_region").run()
    assert [m.label for m in at.metric] == ["P10, RUB", "P25, RUB", "P50, RUB", "P75, RUB", "P90, RUB"]
    cell = frame[(frame["level"] == "middle") & (frame["work_format"] == "office")]  # the exact cell shown
    # Kish's effective n of the cell's rows aged by half-life 1 year from the newest row of the file:
    # w = 0.5 ** (days / 365.25), n_eff = (Σw)² / Σw²; credibility n_eff / (n_eff + k), k = 10.
    w = [0.5 ** ((max(frame["date"]) - d).days / 365.25) for d in cell["date"]]
    n, n_eff = len(cell), sum(w) ** 2 / sum(v * v for v in w)
    weight = n_eff / (n_eff + 10)
    expected = (
        f"Pooled with your observations: {n} at exactly this level, role, region and format, worth an "
        f"effective {n_eff:.1f} once older ones weigh less (Kish's effective n), weigh {round(100 * weight)}% "
        "against the baseline (n_eff / (n_eff + 10))."
    )
    assert expected in " ".join(c.value for c in at.caption)
    median = float(at.metric[2].value.replace(",", ""))
    # the blend of logs: 90,000^w × 56,363^(1 − w), the baseline's middle/other region/office P50
    assert abs(median - 90000**weight * 56363 ** (1 - weight)) / 90000 < 0.12
    held_out = at.dataframe[-1].value
    assert list(held_out.columns) == ["Held-out measure", "Fitted model", "Baseline", "Model against the baseline"]
    # Issue 15: the pinball losses were raw floats; now money in the observations' currency, rounded to
    # hundreds (Messages.money), with the change against the baseline and what the measure is.
    losses = held_out.iloc[:3]
    assert list(losses["Held-out measure"]) == [f"Pinball loss at P{q} (a month)" for q in (25, 50, 75)]
    assert all(v.endswith(" RUB") and v.split()[0].replace(",", "").endswith("00") for v in losses["Fitted model"])
    assert all(v.endswith(("lower: better", "higher: worse", "about the same")) for v in losses.iloc[:, 3])
    assert held_out.iloc[3, 3] == "ideal: 50%"
    assert any("Koenker & Bassett 1978" in c.value for c in at.caption)
    # The rouble observations do not answer the US market: its baseline, and the page says why.
    at.selectbox(key="sal_market__en").set_value("united_states").run()
    assert "Baseline from public sources" in " ".join(c.value for c in at.caption)
    assert any("These observations are in RUB; United States is in USD" in i.value for i in at.info)


def test_an_hh_vacancies_file_is_fitted_and_its_dropped_items_reported(workspace):
    items = [
        {
            "salary": {"from": 60000 + 400 * i, "to": None, "currency": "RUR", "gross": None},
            "area": {"id": "2", "name": "Санкт-Петербург"}, "experience": {"id": "between1And3"},
            "schedule": {"id": ["fullDay", "remote"][i % 2]}, "published_at": f"2026-{1 + i % 9:02d}-10T09:00:00+0300",
            "professional_roles": [{"id": "3"}],
        }
        for i in range(80)
    ] + [{"salary": None, "area": {"id": "1"}, "published_at": "2026-10-01T09:00:00+0300"}]  # fmt: skip
    at = new_app()
    at.switch_page("pages/salary.py").run()
    data = json.dumps({"items": items}).encode()
    at.file_uploader(key="sal_upload").set_value(("vacancies.json", data, "application/json")).run()
    next(b for b in at.button if b.label == "Fit on these observations").click().run()
    assert not at.exception, at.exception
    message = " ".join(s.value for s in at.success)
    assert "Fitted on 80 observations" in message and "1 vacancy left out: no salary: 1." in message


def test_bad_observations_are_listed_and_nothing_is_stored(workspace):
    at = new_app()
    at.switch_page("pages/salary.py").run()
    header = b"salary_from,salary_to,currency,region,level,work_format,role,date\n"
    bad = header + b",,RUB,moon,middle,office,smm_manager,2026\n"
    at.file_uploader(key="sal_upload").set_value(("bad.csv", bad, "text/csv")).run()
    next(b for b in at.button if b.label == "Fit on these observations").click().run()
    assert not at.exception
    assert "problem found" in at.error[0].value or "problems found" in at.error[0].value
    assert at.selectbox(key="salary_dataset__en").options == ["Baseline (public sources)"]


def test_results_page_shows_the_range_and_what_raises_it(framework):
    at = new_app()
    answers = dict.fromkeys(framework.competency_ids, 2) | dict.fromkeys(framework.competency_ids[:10], 3)
    at.session_state["sa_answers"] = answers
    at.session_state["sa_role"] = "smm_manager"
    at.switch_page("pages/results.py").run()
    assert not at.exception
    assert [s.value for s in at.subheader if s.value == "What you could earn"]
    text = " ".join(m.value for m in at.markdown)
    assert "At your level (Junior), as SMM manager in Moscow, Office" in text
    # The fewest one-level steps to the SMM manager's middle (tests/unit/test_salary_outlook.py).
    assert "To reach Middle as SMM manager (median" in text
    steps = [line for m in at.markdown for line in m.value.splitlines() if line.endswith(": from 2 to 3")]
    assert len(steps) == 6
    # The Salary page starts from this level and role, and says what it is relative to.
    at.switch_page("pages/salary.py").run()
    assert not at.exception
    assert at.session_state["sal_level"] == "junior" and at.session_state["sal_role"] == "smm_manager"
    assert any(c.value == "From your self-assessment: Junior as SMM manager." for c in at.caption)


def test_results_pay_panel_is_in_the_chosen_market_with_its_money_and_sources(framework):
    """Issue 14: the results page's pay panel was Russian only (its regions, roubles, "a month")."""
    at = new_app()
    answers = dict.fromkeys(framework.competency_ids, 2) | dict.fromkeys(framework.competency_ids[:10], 3)
    at.session_state["sa_answers"], at.session_state["sa_role"] = answers, "smm_manager"
    at.switch_page("pages/results.py").run()
    at.selectbox(key="sal_market__en").set_value("united_states").run()
    assert not at.exception
    assert at.selectbox(key="sal_region_united_states__en").options == ["United States (national)"]
    text = " ".join(m.value for m in at.markdown)
    assert "At your level (Junior), as SMM manager in United States (national), Office" in text and "USD" in text
    captions = " ".join(c.value for c in at.caption)
    assert "USD a year, gross (before tax), offered pay. In money of March 2026" in captions
    assert "Sources: BLS OEWS May 2024, 13-1161 Market Research Analysts and Marketing Specialists (2024-05-31)" in (
        captions
    )
    at.session_state["lang"] = "es"
    at.run()
    assert not at.exception
    assert "USD al año" in " ".join(c.value for c in at.caption)


def test_results_page_marks_a_level_below_the_coverage_gate_provisional(framework):
    at = new_app()
    at.session_state["sa_answers"] = dict.fromkeys(framework.competency_ids[:3], 3)
    at.session_state["sa_role"] = "smm_manager"
    at.switch_page("pages/results.py").run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any("(provisional: rate" in c and "more competencies of this role)" in c for c in captions)
