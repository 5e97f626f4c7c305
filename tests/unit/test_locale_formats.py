"""Issue 15 findings 9 and 10: dates and percents in the user's language, from one place each
(`Messages.date` / `date_time` / `month` and `Messages.percent`, Babel on CLDR data)."""

import datetime as dt
import re

import pytest

from smm_eval.framework import DATA_DIR
from smm_eval.i18n import Messages

NBSP = "\u00a0"
DAY = dt.date(2026, 11, 30)
MOMENT = dt.datetime(2026, 11, 30, 14, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("lang", "long", "medium", "month", "moment"),
    [
        # CLDR en "long" is "MMMM d, y", "medium" "MMM d, y", skeleton yMMMM "MMMM y".
        ("en", "November 30, 2026", "Nov 30, 2026", "November 2026", "November 30, 2026, 14:05"),
        # CLDR es "long" is "d 'de' MMMM 'de' y", "medium" "d MMM y", skeleton yMMMM "MMMM 'de' y".
        ("es", "30 de noviembre de 2026", "30 nov 2026", "noviembre de 2026", "30 de noviembre de 2026, 14:05"),
    ],
)
def test_dates_are_written_in_the_language(lang: str, long: str, medium: str, month: str, moment: str) -> None:
    t = Messages(lang)
    assert t.date(DAY) == long
    assert t.date(MOMENT) == long  # a datetime's own day
    assert t.date(DAY, "medium") == medium
    assert t.month(dt.date(2026, 11, 1)) == month
    assert t.date_time(MOMENT) == moment
    assert t.date(None) == t.month(None) == t.date_time(None) == "—"


@pytest.mark.parametrize(
    ("lang", "share", "digits", "expected"),
    [
        ("en", 0.342, 0, "34%"),  # 34.2% rounds to 34
        ("en", 0.342, 1, "34.2%"),
        ("en", 1.0, 0, "100%"),
        ("es", 0.342, 0, f"34{NBSP}%"),  # CLDR es percent pattern "#,##0 %" with U+00A0
        ("es", 0.658, 1, f"65,8{NBSP}%"),  # the Training plan's "65,8%" of the tester's finding 10
        ("es", 12.345, 0, f"1.234{NBSP}%"),  # 1234.5 rounds half-even to 1234, grouped with "."
    ],
)
def test_percent_follows_the_locale_pattern(lang: str, share: float, digits: int, expected: str) -> None:
    assert Messages(lang).percent(share, digits) == expected


def test_a_problem_date_parameter_is_written_in_the_language() -> None:
    from smm_eval.errors import Problem

    problem = Problem("save", "changed", code="locking.changed", params={"who": "Ana", "when": MOMENT})
    assert "30 de noviembre de 2026, 14:05" in Messages("es").problem(problem)


def test_spanish_catalogue_writes_percent_with_a_no_break_space() -> None:
    """Every "95%" or "{total}%" in es.yaml has the locale's no-break space ("95 %"), as
    `Messages.percent` writes it: no sentence mixes the two styles."""
    text = (DATA_DIR / "messages" / "es.yaml").read_text(encoding="utf-8")
    wrong = re.findall(r".{20}(?:\d|\})(?: )?%", text)
    assert wrong == []


def test_spanish_texts_of_the_data_files_write_percent_the_spanish_way() -> None:
    """The Spanish texts of the framework, the learning resources and the markets (`es: "..."`)
    reach the pages as they are: "el 53 %" like every message, never "el 53%"."""
    spanish = re.compile(r'\bes: "((?:[^"\\]|\\.)*)"')
    files = [DATA_DIR / "framework.yaml", DATA_DIR / "learning.yaml", *sorted((DATA_DIR / "markets").glob("*.yaml"))]
    wrong = [
        (path.name, text[:60])
        for path in files
        for text in spanish.findall(path.read_text(encoding="utf-8"))
        if re.search(r"\d ?%", text)
    ]
    assert wrong == []
