"""Our own download of a table as shown: the one safe way for a table's cells to leave the app.

Not a page (the leading underscore keeps it out of the navigation). Streamlit's table toolbar
("Download as CSV", and copying cells to the clipboard) is off for every table
(`client.disableDataExport`, .streamlit/config.toml): it wrote a name such as `=HYPERLINK(...)`
raw, for a spreadsheet to run. A table that shows user text and has no export of its own on its
page offers this button instead; it writes through `smm_eval.files.csv_out.csv_bytes`, the writer
of every export (formula guard, UTF-8 byte-order mark; docs/formats.md).
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitInvalidLayoutContextError

from smm_eval.files.csv_out import csv_bytes
from smm_eval.i18n import Messages


def table_download(frame: pd.DataFrame, file_name: str, key: str | None = None, container: Any = st) -> None:
    """A small "Download this table (CSV)" button under a table: `frame` (the table as shown,
    headers in the page's language) as formula-safe CSV with a byte-order mark, written only when
    the button is clicked. `key` is the button's widget key, unique on its page (default: from the
    file name and the table's content)."""
    if key is None:
        key = f"table_{file_name}_{hashlib.sha256(frame.to_csv().encode()).hexdigest()[:16]}"
    t = Messages(st.session_state.get("lang") or "en")  # as pages/_ui.messages (not imported: _ui uses this)
    # Inside an st.form, which holds no download button, the table stands alone (a form's problem
    # table); Streamlit's own table export is off everywhere.
    with contextlib.suppress(StreamlitInvalidLayoutContextError):
        container.download_button(
            t("tables.download"), lambda: csv_bytes(frame), file_name=file_name, mime="text/csv", key=key,
            icon=":material/download:", type="tertiary", help=t("tables.download_help"),
        )  # fmt: skip
