"""Page state that survives page and language switches, and confirmations of destructive actions.

Not a page. Streamlit drops the state of a widget that is not drawn on a run (another page is
open), and a selectbox or radio keeps its value as the option's LABEL, which no longer matches once
the language changes. So every value a user typed or chose lives in a session key of its own (the
"state key", such as `plan_budget`); the widget gets another key (`plan_budget__w`, with the
language for widgets whose labels are translated) that is seeded from the state key on every run,
and copies its value back when it changes. Streamlit 1.67's `persist_state="session"` keeps a
widget's value across pages but not across a language switch of a labelled option, so this one
pattern is used for every kept input (see docs/architecture.md, "Widget state across pages").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from pages._ui import lang, messages
from smm_eval.errors import Problem
from smm_eval.markdown import escape_markdown


def widget_key(state_key: str, by_language: bool = False, by_blind: bool = False) -> str:
    """The widget key of a kept value: the language is part of it when the option labels are
    translated, blind mode when they are candidates (a widget keeps the labels it was drawn with:
    the compare page's chips showed names after blind mode was switched on)."""
    key = f"{state_key}__w_{lang()}" if by_language else f"{state_key}__w"
    return f"{key}_blind" if by_blind and st.session_state.get("blind") else key


def kept(
    state_key: str,
    default: Any = None,
    *,
    by_language: bool = False,
    options: Iterable[Any] | None = None,
    by_blind: bool = False,
) -> dict[str, Any]:
    """Keyword arguments (`key`, `on_change`) for a widget whose value lives in `state_key`.

    The widget is seeded from `state_key` on every run (the widget must not get a `value` or
    `index` of its own), and its change is copied back. `by_language` for selectboxes and radios,
    whose stored value is the translated label of the chosen option. With `options`, a kept value
    that is no longer one of them (a deleted record) falls back to `default`. `by_blind` for
    widgets whose options are candidates (`_ui.candidate_label`): a fresh widget when blind mode
    is switched, so no label drawn with a name stays on screen.
    """
    st.session_state.setdefault(state_key, default)
    if options is not None and st.session_state[state_key] not in list(options):
        st.session_state[state_key] = default
    key = widget_key(state_key, by_language, by_blind)
    # Seeded on every run (see `_ui.remembered_select`): a widget of the same key drawn on another
    # page is another widget, which a stale value under the key would leave at its default.
    st.session_state[key] = st.session_state[state_key]

    def remember() -> None:
        st.session_state[state_key] = st.session_state[key]

    return {"key": key, "on_change": remember}


def with_edits(frame: pd.DataFrame, edited_rows: Mapping[Any, Mapping[str, Any]]) -> pd.DataFrame:
    """`frame` with a data editor's cell edits applied (its state's `edited_rows`: row position ->
    {column: new value}); columns the frame does not have are ignored. A data editor's own state is
    dropped on another page, so a page keeps the edited frame in a state key of its own.

    >>> with_edits(pd.DataFrame({"a": [1, 2]}), {"1": {"a": 5, "x": 0}})["a"].tolist()
    [1, 5]
    """
    out = frame.copy()
    for row, cells in edited_rows.items():
        for column, value in cells.items():
            if column in out.columns:
                out.at[out.index[int(row)], column] = value
    return out


def forget(*state_keys: str) -> None:
    """Drop kept values (after a successful submit), so the next form starts empty."""
    for state_key in state_keys:
        st.session_state.pop(state_key, None)


def announce(key: str, message: str) -> None:
    """Say that a create or submit worked (`announced` shows it). Call before `st.rerun()`.

    The message stays in the session under `key` until the page drops it with `forget(key)` (when
    the user starts the next one): a notice popped on the first run after the submit was lost when
    that run was cut short by another click, and the form then looked untouched although it was
    saved. It is also shown once as a toast, which is in sight however far the page is scrolled (a
    submit at the bottom of a long scorecard block).
    """
    st.session_state[key] = message
    st.session_state[f"{key}__toast"] = True


def announced(key: str, container: Any = None) -> None:
    """The notice of `announce(key, ...)`, if any, where this is called (next to the button that
    made it), and its toast the first time."""
    message = st.session_state.get(key)
    if message is None:
        return
    (container or st).success(message, icon=":material/check_circle:")
    if st.session_state.pop(f"{key}__toast", False):
        st.toast(message, icon=":material/check_circle:")


def confirmed_button(
    key: str,
    label: str,
    question: str,
    on_yes: Callable[[], None],
    *,
    yes_label: str | None = None,
    icon: str = ":material/delete:",
    disabled: bool = False,
    container: Any = None,
    primary: bool = False,
) -> None:
    """A destructive action in two steps: the button asks `question`, and only "Yes" runs `on_yes`.

    The question stays until answered ("Yes" or "Cancel"); `on_yes` runs as a callback, so the run
    that follows already shows its effect. `key` names the action (and its pending question). The
    button goes in `container`; the question, wider, below it in the page's flow. `primary` for
    the page's main action (a submit that asks first), drawn as the primary button.
    """
    t, where = messages(), container or st
    asking = f"{key}__asking"
    if not st.session_state.get(asking):
        where.button(label, key=key, icon=icon, disabled=disabled, on_click=st.session_state.__setitem__,
                     args=(asking, True), type="primary" if primary else "secondary")  # fmt: skip
        return

    def yes() -> None:
        st.session_state[asking] = False
        on_yes()

    box = st.container(border=True)
    box.warning(question, icon=":material/warning:")
    left, right = box.columns(2)
    left.button(yes_label or t("state.yes"), key=f"{key}__yes", type="primary", icon=icon, on_click=yes)
    right.button(t("state.cancel"), key=f"{key}__no", on_click=st.session_state.__setitem__, args=(asking, False))


def counted(key: str, count: int, **values: Any) -> str:
    """A message with a count, in the plural form the page's language uses (`Messages.plural`)."""
    return messages().plural(key, count, **values)


def money_input(label: str, state_key: str, *, container: Any = None, help: str | None = None) -> float | None:
    """An amount of money typed with thousands separators ("120 000", "120,000", "120.000,50"),
    kept in `state_key` (None: no amount) and shown back formatted in the page's language.

    A text box, because Streamlit's number input cannot show thousands separators. The amount is
    read by the one amount rule of the files (`smm_eval.files.amounts.parse_amount`); text that is
    not an amount, or a negative one, stays in the box with a message and keeps the last amount.
    """
    from smm_eval.files.amounts import parse_amount

    t, where = messages(), container or st
    st.session_state.setdefault(state_key, None)
    key, bad_key = widget_key(state_key, by_language=True), f"{state_key}__bad"
    amount = st.session_state[state_key]
    if st.session_state.get(bad_key) is None:
        shown = "" if amount is None else t.number(amount, 0 if float(amount).is_integer() else 2)
        if st.session_state.get(key) != shown:
            st.session_state[key] = shown

    def remember() -> None:
        text = str(st.session_state[key] or "").strip()
        value = parse_amount(text) if text else None
        if text and (value is None or value < 0):
            st.session_state[bad_key] = text
            return
        st.session_state[bad_key] = None
        st.session_state[state_key] = value

    where.text_input(label, key=key, on_change=remember, help=help, max_chars=30)
    if bad := st.session_state.get(bad_key):
        where.error(t("state.bad_amount", text=escape_markdown(bad)), icon=":material/error:")
    return amount


def amount_problems(fields: Mapping[str, str], source: str) -> list[Problem]:
    """The money boxes (`money_input`) whose text is not an amount, as problems of the form.

    `fields` maps each box's state key to its field id (the problem's `column_name`, which
    `show_problems(labels=...)` shows as the box's label); `source` names the form. A form with
    such a box is not saved: the problem goes into the form's problem table with the others, so
    the count above the table is every problem shown.
    """
    bad = {field: st.session_state.get(f"{key}__bad") for key, field in fields.items()}
    return [
        Problem(
            source,
            f"'{text}' is not an amount of money",
            column_name=field,
            code="form.not_an_amount",
            params={"text": text},
        )
        for field, text in bad.items()
        if text
    ]
