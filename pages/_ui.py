"""Helpers shared by the pages: cached data, the current language, and safe rendering.

Not a page (the leading underscore keeps it out of the navigation). Everything here is about
showing things; computing them belongs to smm_eval.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from pages._navigation import page_link
from smm_eval.access import PERSONAL, Action, Actor
from smm_eval.captions import (  # noqa: F401 (pages import these text helpers from here)
    band_caption,
    band_text,
    fallback_text,
    import_counts,
    or_dash,
    salary_money_caption,
    score_text,
)
from smm_eval.framework import Framework, LearningResource, RoleProfile, load_framework, load_learning, load_roles
from smm_eval.i18n import Messages
from smm_eval.markdown import escape_markdown
from smm_eval.services.workspace import Database, DatabaseUnavailableError, describe_workspace, open_workspace
from smm_eval.settings import get_settings

# The home page needs none of these: each is imported by the helper that uses it, so the server's
# first run of app.py does not load pandas, SciPy or the recruiting and salary services (issue 17,
# item 5; docs/performance.md "First page").
if TYPE_CHECKING:
    import pandas as pd

    from smm_eval.errors import InputError
    from smm_eval.salary import QuantileSalaryModel, SalaryEstimate, SalaryQuery
    from smm_eval.services.recruiting import VacancyRecord


@st.cache_resource
def framework() -> Framework:
    return load_framework()


@st.cache_resource
def roles() -> dict[str, RoleProfile]:
    return load_roles()


@st.cache_resource
def learning() -> list[LearningResource]:
    return load_learning()


def page_setup(page_file: str) -> Messages:
    """Start every page: make sure the entry file ran, then give the page its messages.

    With a `pages/` folder next to app.py, Streamlit serves a deep link on a freshly started
    server with its legacy page discovery, which skips app.py (no state, no sidebar). Such a
    run goes through app.py, which then opens the page that was asked for, with the parameters of
    its address.
    """
    if "lang" not in st.session_state:
        # The page and its address's parameters (a bookmarked candidate, vacancy or `blind=1`):
        # switching pages clears the address's parameters unless they are passed on.
        st.session_state.deep_link = (f"pages/{Path(page_file).name}", st.query_params.to_dict(), 0)
        if st.query_params.get("blind") == "1":  # a bookmark made in blind mode opens in blind mode
            st.session_state.blind = True
        st.switch_page("app.py")
    return messages()


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Database:
    return open_workspace(url)


class PageDatabase:
    """The workspace database as pages use it, acting for the session's `actor`: when the database
    cannot be reached (server stopped, file locked by another program), the page says so and stops
    instead of crashing. Each transaction is rolled back on error, so nothing is half-saved; the
    next click retries."""

    def __init__(self, url: str, actor: Actor) -> None:
        self.url = url
        self.actor = actor

    def describe(self) -> str:
        return describe_workspace(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Any]:  # a SQLAlchemy session, used by the services only
        try:
            with _open(self.url).acting_as(self.actor).transaction() as session:
                yield session
        except DatabaseUnavailableError as exc:
            t = messages()
            st.error(t("common.db_unavailable", where=escape_markdown(self.describe())), icon=":material/cloud_off:")
            st.text(exc.detail)
            st.stop()


def current_actor() -> Actor:
    """Who this session acts as: the signed-in user in team mode (put in `st.session_state.actor`
    by the sign-in gate in app.py), the personal user otherwise. In team mode without a signed-in
    user the page stops: nothing is ever done for nobody."""
    actor = st.session_state.get("actor")
    if isinstance(actor, Actor):
        return actor
    if get_settings().team:
        st.stop()
    return PERSONAL


def database() -> PageDatabase:
    """The workspace database of the current settings, acting for `current_actor()` (opened and
    migrated once per process; the settings are read once per process too)."""
    return PageDatabase(get_settings().url, current_actor())


def vacancy_selector(container=st, on_vacancies_page: bool = False) -> VacancyRecord:
    """Pick the vacancy to work on, kept in `vacancy_id` across pages; stops the page if there is none."""
    from smm_eval.services.recruiting import list_vacancies

    t = messages()
    vacancies = {v.id: v for v in list_vacancies(database())}
    if not vacancies:
        manages = current_actor().may(Action.MANAGE_VACANCIES)  # an interviewer waits for an assignment
        st.info(t("vac.none" if on_vacancies_page else "cand.no_vacancy" if manages else "cand.none_assigned"),
                icon=":material/info:")  # fmt: skip
        if not on_vacancies_page and manages:
            page_link("pages/vacancies.py", label=t("cand.go_vacancies"), icon=":material/work:")
        st.stop()
    remembered_select(
        t("vac.choose"),
        list(vacancies),
        lambda i: f"{vacancies[i].title} · {t(f'vac.status.{vacancies[i].status}')}",
        "vacancy_id",
        container,
    )
    return vacancies[st.session_state.vacancy_id]


BASELINE = 0  # the salary "dataset" choice that means the sourced baseline


@st.cache_resource(show_spinner=False, max_entries=4)
def _salary_model(url: str, dataset_id: int) -> QuantileSalaryModel:
    from smm_eval.services.salary import load_salary_model

    return load_salary_model(_open(url), dataset_id)


def salary_estimator(market: str) -> Callable[[SalaryQuery], SalaryEstimate]:
    """Estimates in one market from the chosen market data (`salary_dataset`): the baseline or a fitted model.

    Until this session chooses a dataset (or uploads one), the baseline answers: the newest upload
    is never everyone's default (services/salary_data.py). A fitted model answers only queries in
    its own currency: for another market the baseline is used, so no chart or comparison mixes
    currencies.
    """
    from smm_eval.salary import baseline_estimate, load_market
    from smm_eval.services.salary import answers_market, list_datasets

    st.session_state.setdefault("salary_dataset", BASELINE)
    if st.session_state.salary_dataset != BASELINE and st.session_state.salary_dataset not in {
        d.id for d in list_datasets(database())
    }:  # deleted meanwhile (here or by the command line): its cached model must not answer
        st.session_state.salary_dataset = BASELINE
    if st.session_state.salary_dataset == BASELINE:
        return baseline_estimate
    try:
        model = _salary_model(get_settings().url, st.session_state.salary_dataset)
    except LookupError:  # the dataset was deleted (storage.NotFoundError)
        st.session_state.salary_dataset = BASELINE
        return baseline_estimate
    return model.estimate if answers_market(model, load_market(market)) else baseline_estimate


def candidate_label(code: str, name: str) -> str:
    """A candidate as shown (`smm_eval.recruiting.display_name`): the code alone in blind mode."""
    from smm_eval.recruiting import display_name

    return display_name(code, name, bool(st.session_state.get("blind")))


def messages() -> Messages:
    return Messages(st.session_state.get("lang") or "en")


def lang() -> str:
    return messages().lang


FORM = "common.form_problems"  # heading for a form that was not saved
NOT_SURE = "not_sure"  # the selectbox option for "no role chosen"; stored as None


def remembered_select(
    label: str,
    options: Iterable[Any],
    format_func: Callable[[Any], str],
    state_key: str,
    container: Any = st,
    default: Any = None,
) -> Any:
    """A selectbox whose value lives in `state_key` and survives page and language switches.

    The widget's own key carries the language: its option labels are translated, and a fresh
    widget seeded from the stored value is reliable where one with a stale label is not.
    """
    options = list(options)
    if st.session_state.get(state_key) not in options:
        st.session_state[state_key] = default if default in options else options[0]
    key = f"{state_key}__{lang()}"
    # Seeded on every run, even when the key already holds the value: the same box on another page
    # (another label) is another widget, and a stale value under its key left it on its first
    # option (the role box showed "not sure" after My results -> Español -> Self-assessment).
    st.session_state[key] = st.session_state[state_key]

    def remember() -> None:
        st.session_state[state_key] = st.session_state[key]

    container.selectbox(
        label,
        options,
        format_func=format_func,
        key=key,
        on_change=remember,
        placeholder=messages()("common.choose_option"),
    )
    return st.session_state[state_key]


def role_name(role_id: str | None, language: str | None = None) -> str:
    """A role's name in `language` (default: the page's), "not sure" for no role."""
    t = Messages(language) if language else messages()
    if role_id is None or role_id == NOT_SURE:
        return t("role.not_sure")
    return roles()[role_id].name.get(t.lang)


def role_selector(label: str) -> str | None:
    """The target role, kept in `sa_role` (None: not sure) so it survives moving between pages."""
    st.session_state.setdefault("sa_role_choice", st.session_state.get("sa_role") or NOT_SURE)
    language = lang()  # bound now: the box's labels are in the language it was drawn in
    choice = remembered_select(label, [NOT_SURE, *roles()], lambda r: role_name(r, language), "sa_role_choice")
    st.session_state.sa_role = None if choice == NOT_SURE else choice
    return st.session_state.sa_role


def set_role(role_id: str | None) -> None:
    """Choose the target role from code (a loaded file), as the selector would."""
    st.session_state.sa_role = role_id
    st.session_state.sa_role_choice = role_id or NOT_SURE


# px: the main column at a 1400 px window is 938 px wide, one of two columns side by side 452 px
# (measured in Chromium); a margin for the grid's border.
MAIN_WIDTH = 936
HALF_WIDTH = 450
EXPANDER_WIDTH = MAIN_WIDTH - 40  # an expander's inner width: its 1 px border and 19 px padding a side (design choice)
WRAPPED_ROWS, GRID_HEADER_PX = 12, 38  # a grid's header and borders, measured in Chromium
FLAG_STYLE = "background-color: #fde0dc"  # a light red, dark text stays readable on it


def show_gaps(
    gaps: pd.DataFrame, person_label: Callable[[Any], str], person_header: str, width_px: int = MAIN_WIDTH
) -> None:
    """A table of gaps (person, competency, level, target, fit points gained), competency names in
    the page's language and numbers in its format (decimal comma in Spanish); the fit points as
    the results page's gap chart shows them. Columns fit `width_px`; our guarded download below."""
    import pandas as pd

    from pages._downloads import table_download
    from smm_eval.scoring import shown_priority

    t, comps = messages(), framework().competencies
    if gaps.empty:  # never an empty grid: say why (the people shown are rated, so none falls short)
        st.success(t("common.no_gaps"), icon=":material/check_circle:")
        return
    table = pd.DataFrame(
        {
            person_header: gaps["person"].map(person_label).astype(str),
            t("sf.competency"): gaps["competency"].map(lambda c: comps[c].name.get(t.lang)),
            t("sf.level_now"): [t.number(v, 0 if float(v).is_integer() else 1) for v in gaps["level"].round(1)],
            t("sf.target"): gaps["target"].astype(int),
            t("sf.fit_gain"): [t.number(v, 1) for v in shown_priority(gaps["priority"])],
        }
    )
    help_ = {t("sf.fit_gain"): st.column_config.Column(help=t("sf.fit_gain_help"))}
    fitted_table(table, column_config=help_, width_px=width_px)
    table_download(table, "gaps.csv", "gaps_download")


def fitted_table(
    frame: pd.DataFrame,
    column_config: dict[str, Any] | None = None,
    width_px: int = MAIN_WIDTH,
    fixed: dict[str, int] | None = None,
    flagged: dict[str, Iterable[bool]] | None = None,
    empty: str | None = None,
    **kwargs: Any,
) -> None:
    """A table whose columns fit `width_px` (no horizontal scroll in any language): each column gets
    the width of its header or longest cell (`smm_eval.table_layout`), the widest narrowed together
    when they do not all fit, never below their header, and rows made tall enough for a narrowed
    column's text to wrap whole (`fitted_layout`), never cut. `column_config` entries keep their
    settings and get the width; `fixed` gives columns their width (a progress bar); `flagged`
    (column -> one bool per row) gives the flagged cells a light red background, on top of what
    their text says (never colour alone); other arguments go to `st.dataframe`. A table without
    rows is never drawn as an empty grid: one line says why (`empty`, or that there is nothing to
    show yet)."""
    from smm_eval.table_layout import fitted_layout

    if frame.empty:
        st.info(empty or messages()("common.table_empty"), icon=":material/info:")
        return

    config = dict(column_config or {})
    widths, row_height = fitted_layout(frame, width_px, fixed)  # taller rows wrap narrowed text
    if row_height is not None:  # every row in sight up to WRAPPED_ROWS: none cut by the grid's edge
        kwargs.setdefault("row_height", row_height)
        kwargs.setdefault("height", GRID_HEADER_PX + min(len(frame), WRAPPED_ROWS) * row_height)
    for column, px in widths.items():
        settings = config.get(column)
        config[column] = {**settings, "width": px} if isinstance(settings, dict) else st.column_config.Column(width=px)
    data: Any = frame
    if flagged:
        marks = {column: list(rows) for column, rows in flagged.items()}
        data = frame.style.apply(
            lambda col: [FLAG_STYLE if f else "" for f in marks[str(col.name)]], subset=list(marks)
        )
    st.dataframe(data, hide_index=True, column_config=config, width="stretch", **kwargs)


def show_problems(
    exc: InputError,
    heading: str = "common.input_problems",
    labels: Mapping[str, str] | None = None,
    width_px: int = EXPANDER_WIDTH,
) -> None:
    """List input problems as a plain table: user text never goes through Markdown or HTML. The
    first `limits.MAX_PROBLEMS_LISTED` are listed, then a caption says how many more there are.

    `heading` is the message key above the table: a file that was refused, or a form not saved.
    `labels` maps a form's field ids (a problem's `column_name`, such as `title`) to the message
    keys of the labels the form shows them under, so "Where" names the field as the user reads it.
    The table fits `width_px` (`fitted_table`: long problems wrap, never cut); the default holds
    inside an expander or the main column.
    """
    import pandas as pd

    from pages._downloads import table_download
    from smm_eval.limits import MAX_PROBLEMS_LISTED

    t = messages()
    shown = [  # the first MAX_PROBLEMS_LISTED (smm_eval.limits), then how many more
        replace(p, column_name=t(labels[p.column_name])) if labels and p.column_name in labels else p
        for p in exc.problems[:MAX_PROBLEMS_LISTED]
    ]
    st.error(t.plural(heading, len(exc.problems)), icon=":material/error:")
    table = pd.DataFrame(
        {
            t("common.where"): [t.where(p) for p in shown],
            t("common.problem"): [t.problem(p) for p in shown],
        }
    )
    fitted_table(table, width_px=width_px)
    table_download(table, "problems.csv")  # our guarded CSV: Streamlit's table export is off
    if len(exc.problems) > len(shown):
        st.caption(t.plural("common.more_problems", len(exc.problems) - len(shown)))


def import_files(kind: str, key: str) -> None:
    """The template (header row) and the filled-in sample of an import, as two download buttons."""
    from smm_eval.files.templates import SAMPLE_FILES, sample_csv, template_csv

    t = messages()
    left, right = st.columns(2)
    left.download_button(
        t("common.template"), template_csv(kind, framework().competency_ids), file_name=f"{kind}-template.csv",
        mime="text/csv", icon=":material/download:", key=f"{key}_template", help=t("common.template_help"),
    )  # fmt: skip
    right.download_button(
        t("common.sample"), sample_csv(kind), file_name=SAMPLE_FILES[kind], mime="text/csv",
        icon=":material/description:", key=f"{key}_sample",
    )  # fmt: skip


def skipped_note(blank_records: int) -> None:
    """Say how many blank records (empty lines, lines of bare commas) a file had: they were skipped."""
    if blank_records:
        st.caption(messages().plural("common.blank_skipped", blank_records))
