"""In Chromium: user text never renders as Markdown, and table cells leave the app only through our
guarded CSV (issue 18, findings 5 and 6).

Before: a vacancy or candidate named with an image made the browser fetch the image URL from the
"created"/"added" message, bold and red text and a link showed; and Streamlit's table toolbar
"Download as CSV" wrote `=HYPERLINK(...)` raw next to our guarded exports.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import Page, Request, expect

from .test_journeys import COMPETENCIES, create_vacancy, settle, start_app, stop_app

ATTACK = "**bold** :red[x] [l](http://e.x) ![i](http://127.0.0.1:9/i.png) $x^2$ <b>h</b>"
JOINER = "\u2060"  # the invisible word joiner escape_markdown puts inside ":red", "http://"
SUCCESS = "[data-testid='stAlertContentSuccess'] [data-testid='stMarkdownContainer']"  # the text, not the icon
FORMULA_NAMES = ('=HYPERLINK("http://x","y")', "@SUM(A1:A2)", "-1+2")


def shown(text: str) -> str:
    """Text as a reader sees it: without the invisible word joiners."""
    return text.replace(JOINER, "")


def assert_no_markup(page: Page) -> None:
    """Nothing of the name became markup in the main area: no bold, link, image, colour or formula."""
    main = "[data-testid='stMain'] [data-testid='stMarkdownContainer']"
    for tag in ("strong", "b"):  # the pages' own bold headings are fine; the name's "bold" and "h" are not
        assert page.locator(f"{main} {tag}").filter(has_text=re.compile(r"^(bold|h)$")).count() == 0, tag
    for tag in ("a[href*='e.x']", "img[src*='127.0.0.1']", ".stMarkdownColoredText", ".katex"):
        assert page.locator(f"{main} {tag}").count() == 0, tag


def test_names_with_markdown_show_literally_and_fetch_nothing(page: Page, tmp_path: Path):
    requested: list[str] = []

    def record(request: Request) -> None:
        requested.append(request.url)

    page.on("request", record)
    process, base = start_app(tmp_path)
    try:
        create_vacancy(page, base, ATTACK)
        message = page.locator(SUCCESS).first
        expect(message).to_be_visible()
        assert shown(message.inner_text()) == f"Vacancy “{ATTACK}” created."
        assert_no_markup(page)

        page.goto(f"{base}/candidates")
        settle(page)
        name = page.get_by_label("Name", exact=True)
        name.fill(ATTACK)
        name.press("Tab")
        page.get_by_role("button", name="Add the candidate").click()
        settle(page)
        message = page.locator(SUCCESS).first
        assert shown(message.inner_text()) == f"Candidate {ATTACK} added to the vacancy."
        assert_no_markup(page)

        page.goto(f"{base}/candidate")
        settle(page)
        heading = page.locator("[data-testid='stMain'] h3").first
        assert shown(heading.inner_text()).startswith(ATTACK)
        assert_no_markup(page)
    finally:
        stop_app(process)
    assert not [url for url in requested if "127.0.0.1:9" in url or "e.x/" in url], requested


def ratings_file(path: Path) -> Path:
    """A wide ratings CSV whose people are named like formulas (each rated 2 on every competency)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["person", "rater", *(c["id"] for c in COMPETENCIES)])
    for person in FORMULA_NAMES:
        writer.writerow([person, "Rita", *["2"] * len(COMPETENCIES)])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_tables_have_no_toolbar_download_and_ours_is_guarded(app_url: str, page: Page, tmp_path: Path):
    page.goto(f"{app_url}/score_file")
    settle(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(
        str(ratings_file(tmp_path / "formulas.csv"))
    )
    settle(page)
    page.set_viewport_size({"width": 1400, "height": 3000})
    tables = page.locator("[data-testid='stDataFrame']")
    expect(tables.first).to_be_visible()
    for index in range(tables.count()):  # the ranking and the gaps: hovering shows the toolbar
        tables.nth(index).hover()
        page.wait_for_timeout(300)
        assert page.get_by_role("button", name="Download as CSV").count() == 0, index
    # Our download of the gaps table: UTF-8 byte-order mark, and each formula-like name neutralised
    # by a leading apostrophe (smm_eval/files/csv_out.safe_cell).
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download this table (CSV)").first.click()
    data = Path(download_info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    people = {row[0] for row in rows[1:]}
    assert people == {"'" + name for name in FORMULA_NAMES}, people
    # The page's own scores export is guarded the same way.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the scores (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert {row["person"] for row in rows} == {"'" + name for name in FORMULA_NAMES}
