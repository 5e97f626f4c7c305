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
    assert [m.label for m in at.metric] == ["P25", "P50", "P75"]
    assert at.metric[1].value == "83,700 RUB"  # middle SMM manager, Moscow: 54,000 × 1.55
    at.selectbox(key="sal_region__en").set_value("other_region").run()
    assert at.metric[1].value == "43,200 RUB"  # 54,000 × 0.8
    assert any("The newest source is from 2023" in w.value for w in at.warning)
    sources = at.dataframe[1].value
    assert "hh.ru with PR Perfect, marketing, advertising and PR vacancies" in list(sources["Source"])
    assert len(at.get("vega_lite_chart")) == 1


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
    at.selectbox(key="sal_region__en").set_value("other_region").run()
    assert [m.label for m in at.metric] == ["P10", "P25", "P50", "P75", "P90"]
    cell = frame[(frame["level"] == "middle") & (frame["work_format"] == "office")]  # the exact cell shown
    expected = f"Fitted on your observations: {len(cell)} at exactly this level, role, region and format."
    assert expected in " ".join(c.value for c in at.caption)
    median = float(at.metric[2].value.replace(",", "").split()[0])
    assert abs(median - 90000) / 90000 < 0.12
    held_out = at.dataframe[-1].value
    assert list(held_out.columns) == ["Held-out measure", "Fitted model", "Baseline"]


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
    assert "Fitted on 80 observations" in message and "1 vacancies left out: no salary: 1." in message


def test_bad_observations_are_listed_and_nothing_is_stored(workspace):
    at = new_app()
    at.switch_page("pages/salary.py").run()
    header = b"salary_from,salary_to,currency,region,level,work_format,role,date\n"
    bad = header + b",,RUB,moon,middle,office,smm_manager,2026\n"
    at.file_uploader(key="sal_upload").set_value(("bad.csv", bad, "text/csv")).run()
    next(b for b in at.button if b.label == "Fit on these observations").click().run()
    assert not at.exception
    assert "problem(s)" in at.error[0].value
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
    assert any("Closing both: Middle" in s.value for s in at.success)
