"""Audit trail (admins): every change to the workspace, newest first, filtered by what, who and
when, a page at a time, with the old and new values; and the CSV export of what is filtered."""

import math

import pandas as pd
import streamlit as st

from pages._ui import database, fitted_table, page_setup
from smm_eval.access import COMMAND_LINE, PERSONAL, AccessDeniedError
from smm_eval.markdown import escape_markdown
from smm_eval.services.audit import ENTITIES, EventFilter, actor_names, change_lines, export_events, list_events

PAGE_SIZE = 50  # events per page (design choice: one screen of rows)
NAMED = {PERSONAL.name: PERSONAL.kind, COMMAND_LINE.name: COMMAND_LINE.kind}  # shown by what they are

t = page_setup(__file__)
db = database()

st.title(t("audit.title"))
st.caption(t("audit.lead"))
try:
    people = actor_names(db)
except AccessDeniedError as exc:
    st.error(escape_markdown(t.problem(exc.problem)), icon=":material/lock:")
    st.stop()


def who(kind: str, name: str) -> str:
    """The actor as shown: the personal user and the command line by what they are."""
    return t(f"audit.kind.{kind}") if kind in ("personal", "cli", "invitation") else name


def field_name(field: str) -> str:
    """A stored field as the reader's language names it (`audit.field.*`), else its words."""
    key = f"audit.field.{field}"
    text = t(key)
    return field.replace("_", " ") if text == key else text


entity_col, who_col, since_col, until_col = st.columns([2, 2, 1, 1])
entity = entity_col.selectbox(
    t("audit.entity_label"), [None, *ENTITIES], key="audit_entity",
    format_func=lambda e: t("audit.entity_all") if e is None else t(f"audit.entity.{e}"),
)  # fmt: skip
actor = who_col.selectbox(
    t("audit.who_label"), [None, *people], key="audit_who",
    format_func=lambda n: t("audit.who_all") if n is None else who(NAMED.get(n, "user"), n),
)  # fmt: skip
# Streamlit's date box offers three orders only: day first in Spanish (DD/MM/YYYY), month first in
# English; its empty box's placeholder letters come from Streamlit and cannot be translated.
DAY_ORDER = "DD/MM/YYYY" if t.lang == "es" else "MM/DD/YYYY"
since = since_col.date_input(t("audit.since"), value=None, key="audit_since", format=DAY_ORDER)
until = until_col.date_input(t("audit.until"), value=None, key="audit_until", format=DAY_ORDER)
chosen = EventFilter(entity=entity, actor_name=actor, since=since, until=until)

total = list_events(db, chosen, limit=1).total
if total == 0:
    st.info(t("audit.none"), icon=":material/history:")
    st.stop()
pages = math.ceil(total / PAGE_SIZE)
number = st.number_input(t("audit.page"), min_value=1, max_value=pages, value=1, step=1, key="audit_page")
page = list_events(db, chosen, limit=PAGE_SIZE, offset=(int(number) - 1) * PAGE_SIZE)
first = (int(number) - 1) * PAGE_SIZE + 1
st.caption(t.plural("audit.shown", total, first=first, last=first + len(page.events) - 1))

events = page.events
table = pd.DataFrame(
    {
        t("audit.col.when"): [f"{t.date_time(at, 'medium')}:{at:%S} UTC" for at in events["at"]],
        t("audit.col.who"): [who(k, n) for k, n in zip(events["actor_kind"], events["actor_name"], strict=True)],
        t("audit.col.what"): [
            t(f"audit.entity.{e}") + ("" if pd.isna(i) else f" #{i}")
            for e, i in zip(events["entity"], events["entity_id"], strict=True)
        ],
        t("audit.col.action"): [t(f"audit.action.{a}") for a in events["action"]],
        t("audit.col.changes"): [
            "\n".join(change_lines(o, n, withheld=t("audit.withheld"), label=field_name))
            for o, n in zip(events["old_values"], events["new_values"], strict=True)
        ],
    }
)
fitted_table(table)  # text cells (never HTML); the long "old → new" lines wrap instead of being cut
st.download_button(
    t("audit.download"), export_events(db, chosen), file_name="audit_events.csv", mime="text/csv",
    icon=":material/download:", key="audit_download", help=t("audit.download_help"),
)  # fmt: skip
