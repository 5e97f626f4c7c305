"""Issue 15, "every word in the user's language", in Chromium: Streamlit's own file-uploader texts
in Spanish (a static style sheet, pages/_uploader.py `uploader_css`), and the plural counts and problems
of a Spanish page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ..conftest import ROOT
from .test_journeys import choose_language, settle, shot

pytestmark = pytest.mark.e2e
SAMPLES = ROOT / "data" / "samples"
DROPZONE = "[data-testid='stFileUploaderDropzone']"
BUTTON_TEXT = f"{DROPZONE} button [data-testid='stMarkdownContainer'] p"
LIMIT_TEXT = "[data-testid='stFileUploaderDropzoneInstructions'] span"
DRAWN = "e => [getComputedStyle(e).fontSize, getComputedStyle(e, '::after').content]"


def test_the_uploader_speaks_spanish_and_english(app_url: str, page: Page):
    page.goto(f"{app_url}/score_file")
    settle(page)
    # English: Streamlit's own texts, untouched (the limit with the accepted types).
    assert page.locator(BUTTON_TEXT).first.evaluate(DRAWN) == ["14px", "none"]
    expect(page.locator(LIMIT_TEXT).first).to_have_text("20MB per file • CSV")
    choose_language(page, "es")
    shot(page, "01-score-file-es")
    # Every page is listed in the sidebar: no Streamlit "View 3 more" button in English.
    expect(page.get_by_role("link", name="Importar un formulario")).to_be_visible()
    assert page.get_by_text(re.compile(r"^View \d+ more$")).count() == 0
    page.locator(DROPZONE).first.screenshot(path=str(page.shot_dir / "02-uploader-es.png"))  # type: ignore[attr-defined]
    # Spanish: the English text is drawn at size 0 and the catalogue's text in its place.
    assert page.locator(BUTTON_TEXT).first.evaluate(DRAWN) == ["0px", '"Subir archivo"']
    assert page.locator(LIMIT_TEXT).first.evaluate(DRAWN) == ["0px", '"Hasta 20 MB por archivo"']
    box = page.locator(BUTTON_TEXT).first.bounding_box()
    assert box is not None and box["width"] > 60  # the Spanish label takes room: it is drawn
    # An uploaded file still shows its name; a bad file's problems are in Spanish, counted in the singular.
    bad = Path(page.shot_dir) / "bad.csv"  # type: ignore[attr-defined]
    bad.write_text("person,copywriting\nAna,7\n", encoding="utf-8")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(bad))
    settle(page)
    shot(page, "03-bad-file-es")
    expect(page.get_by_text("bad.csv", exact=True)).to_be_visible()
    hidden = page.locator("[data-testid='stFileChips'] *").evaluate_all(
        "els => els.filter(e => getComputedStyle(e).fontSize === '0px').length"
    )
    assert hidden == 0  # the file chip (name, size) is not touched by the style sheet
    expect(page.get_by_text("No se puede usar el archivo: se ha encontrado 1 problema.")).to_be_visible()
    # Back to English: Streamlit's own texts again.
    choose_language(page, "en")
    assert page.locator(LIMIT_TEXT).count() == 0 or page.locator(LIMIT_TEXT).first.evaluate(DRAWN)[0] == "14px"
