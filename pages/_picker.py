"""A multiselect of people that stays usable with hundreds of thousands of them.

A browser tab stalls on a picker of 326,845 options (issue 18). Above `limits.MAX_PICKER_OPTIONS`
the picker gets a search box and shows the first options whose label holds the search text, the
ones already chosen always among them (`smm_eval.limits.picker_options`), with a caption saying how
many of how many are listed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from pages._ui import messages
from smm_eval.limits import MAX_PICKER_OPTIONS, picker_options


def capped_multiselect(
    label: str,
    options: Sequence[str],
    key: str,
    default: Sequence[str],
    max_selections: int,
    format_func: Callable[[str], str] = str,
    kept_state: Mapping[str, Any] | None = None,
) -> list[str]:
    """`st.multiselect` of `options` with at most `MAX_PICKER_OPTIONS` of them at a time.

    Parameters
    ----------
    label, key, max_selections, format_func
        As for `st.multiselect`; `key` also names the search box (`<key>_search`).
    options
        Every option (ids), in the order to list them.
    default
        The options chosen when the picker first shows.
    kept_state
        `pages._state.kept(...)`'s keyword arguments when the choice is kept in the session (and,
        with `by_blind`, drawn afresh when blind mode is switched): the widget then takes its key
        and seed from there instead of `key` and `default`.

    Returns
    -------
    list of str
        The options chosen.
    """
    t = messages()
    search = ""
    if len(options) > MAX_PICKER_OPTIONS:
        search = st.text_input(t("common.picker_search"), key=f"{key}_search", placeholder=t("common.picker_hint"))
    widget: dict[str, Any] = dict(kept_state) if kept_state else {"key": key}
    chosen = st.session_state.get(widget["key"], list(default))
    labels = {o: format_func(o) for o in options} if search else None
    shown = picker_options(options, search, chosen, labels)
    if shown.cut:
        st.caption(t.plural("common.picker_cut", shown.matching, shown=t.number(len(shown.options))))
    if not kept_state:  # a kept widget is seeded from the session, never given a default too
        widget["default"] = [o for o in default if o in set(shown.options)]
    return st.multiselect(
        label,
        shown.options,
        max_selections=max_selections,
        format_func=format_func,
        placeholder=t("common.choose_options"),
        **widget,
    )
