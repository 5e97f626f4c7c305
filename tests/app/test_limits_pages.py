"""Limits on the pages (issue 18, finding 2): the compare-people picker never receives hundreds of
thousands of options (a search box and the first MAX_PICKER_OPTIONS instead), and a problem list
shows the first MAX_PROBLEMS_LISTED with a count of the rest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from smm_eval.limits import MAX_PICKER_OPTIONS, MAX_PROBLEMS_LISTED, picker_options

from ..conftest import ROOT

PEOPLE = 600  # above MAX_PICKER_OPTIONS (500)


def score_file_page(data: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("pages/score_file.py").run()
    return at.file_uploader(key="sf_file").set_value(("people.csv", data, "text/csv")).run()


def test_the_compare_picker_lists_at_most_the_limit_and_searches_the_rest():
    rows = "".join(f"Person {i:04d},lead,3,2\n" for i in range(PEOPLE))
    at = score_file_page(("person,rater,copywriting,seo_basics\n" + rows).encode())
    assert not at.exception
    picker = at.multiselect(key="sf_compare")
    assert len(picker.options) == MAX_PICKER_OPTIONS  # not 600
    assert picker.value == ["Person 0000", "Person 0001", "Person 0002"]
    assert any("600 people match; the first 500 are listed" in c.value for c in at.caption)
    at.text_input(key="sf_compare_search").input("person 059").run()  # Person 0590..0599 match
    picker = at.multiselect(key="sf_compare")
    # The 3 already chosen stay first, then the 10 matches: 13 options, none cut, so no caption.
    assert picker.options[:3] == ["Person 0000", "Person 0001", "Person 0002"]
    assert picker.options[3:] == [f"Person {i:04d}" for i in range(590, 600)]
    assert not any("are listed" in c.value for c in at.caption)
    picker.set_value(["Person 0000", "Person 0599"]).run()
    assert at.multiselect(key="sf_compare").value == ["Person 0000", "Person 0599"]


def test_a_long_problem_list_shows_the_first_ones_and_counts_the_rest():
    # 60 levels out of range: 50 listed, "… and 10 more problems".
    rows = "".join(f"Person {i},lead,7\n" for i in range(60))
    at = score_file_page(("person,rater,copywriting\n" + rows).encode())
    assert not at.exception
    assert at.error[0].value.startswith("The file cannot be used: 60 problems")
    assert len(at.dataframe[0].value) == MAX_PROBLEMS_LISTED
    assert any(c.value.startswith("… and 10 more problems, not listed") for c in at.caption)


def test_picker_options_keep_the_chosen_and_cut_the_rest():
    options = [f"p{i}" for i in range(10)]
    shown = picker_options(options, "", chosen=["p9"], limit=3)
    assert shown.options == ["p9", "p0", "p1"] and (shown.matching, shown.total, shown.cut) == (10, 10, True)
    shown = picker_options(options, "P1", labels={o: o.upper() for o in options}, limit=3)
    assert shown.options == ["p1"] and not shown.cut
