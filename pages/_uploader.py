"""Streamlit's own file-uploader texts in the page's language (not a page: the leading underscore)."""

from __future__ import annotations

import streamlit as st

from pages._ui import messages
from smm_eval.i18n import Messages


def _css_text(text: str) -> str:
    """A catalogue text as a CSS string literal: every character outside plain letters, digits and
    spaces written as a CSS escape, so no text can close the string or the style element."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x}" for c in text) + '"'


UPLOADER = '[data-testid="stFileUploaderDropzone"]'


def uploader_css(t: Messages, limit_mb: int) -> str:
    """A style sheet that writes the texts of Streamlit's file uploader in `t`'s language.

    Streamlit (1.67) has no parameter for the dropzone's own texts (the "Upload" button, "20MB per
    file • CSV", and "Drag and drop a file here" while a file is dragged over it; streamlit issue
    #13500 asks for one). Each text is hidden (font-size 0) and the catalogue's text drawn in its
    place by a `::after` pseudo-element, matched by Streamlit's own `data-testid` attributes. The
    texts are static catalogue entries, CSS-escaped; nothing a user typed goes in. English keeps
    Streamlit's own texts (with the accepted file types): "" for it.
    """
    if t.lang == "en":
        return ""
    rules = (
        (f"{UPLOADER} button [data-testid='stMarkdownContainer'] p", t("common.upload.button")),
        ("[data-testid='stFileUploaderDropzoneInstructions'] span", t("common.upload.limit", size=limit_mb)),
        # While a file is dragged over: an overlay div holding one span, right after the input
        # (after an upload, the div there holds the file chips, with no span child).
        (f"{UPLOADER} > input + div > span:only-child", t("common.upload.drop")),
    )
    return "".join(
        f"{selector}{{font-size:0}}{selector}::after{{content:{_css_text(text)};font-size:14px}}"
        for selector, text in rules
    )


def translate_uploader() -> None:
    """Write the file uploaders' own texts in the page's language (see `uploader_css`); a style-only
    `st.html` takes no room on the page."""
    css = uploader_css(messages(), int(st.get_option("server.maxUploadSize")))
    if css:
        st.html(f"<style>{css}</style>")
