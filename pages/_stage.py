"""The stage control of a candidate's application, shared by the candidates page and a candidate's
page (not a page: the leading underscore).

One clear control (the candidate, the new stage, a "Move to …" button that asks first) saved by the
one service `smm_eval.services.candidates.set_stages`, which refuses a change when someone else
moved the candidate since this user first saw the stage (optimistic locking on the application's
version): the refusal is shown and the control shows the stage as it is now.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._conflict import saved_by
from pages._state import confirmed_button, kept
from pages._ui import PageDatabase, candidate_label, messages
from smm_eval.markdown import escape_markdown
from smm_eval.services.candidates import StageChange, set_stages
from smm_eval.services.recruiting import ConflictError, NotFoundError
from smm_eval.vocabulary import STAGES


def stage_control(
    db: PageDatabase, apps: pd.DataFrame, vacancy_id: int, *, prefix: str, only: int | None = None
) -> None:
    """Move one candidate of a vacancy to another stage, after a confirmation.

    Parameters
    ----------
    db : the page's database (`pages._ui.database()`).
    apps : the vacancy's applications (`services.recruiting.load_vacancy(...).applications`): one
        row per candidate with application_id, application_version, stage, code and name.
    vacancy_id : the vacancy the applications belong to.
    prefix : names this control's widgets and pending question ("cand" on the candidates page,
        "cpage" on a candidate's page), so a question asked on one page is not answered on another.
    only : an application id: the control moves that candidate only (no candidate chooser).

    The version and stage the user first saw are kept per application (`cand_stage_seen_<id>`,
    shared by both pages): a move from either page counts as seen on the other.
    """
    t = messages()
    labels = {
        int(a): candidate_label(c, n) for a, c, n in apps[["application_id", "code", "name"]].itertuples(index=False)
    }
    shown = {a: escape_markdown(label) for a, label in labels.items()}  # user text in Markdown messages
    st.markdown(f"**{t('state.stage_title')}**")
    if flash := st.session_state.pop(f"{prefix}_stage_flash", None):
        (st.success if flash[0] == "success" else st.error)(flash[1], icon=":material/swap_horiz:")
    if only is None:
        left, right, action = st.columns([2, 2, 3], vertical_alignment="bottom")
        who = left.selectbox(
            t("cand.candidate"), list(labels), format_func=labels.get,
            **kept(f"{prefix}_stage_who_{vacancy_id}", next(iter(labels)), options=labels, by_blind=True),
            placeholder=t("common.choose_option"),
        )  # fmt: skip
    else:
        right, action = st.columns([2, 3], vertical_alignment="bottom")
        who = only
    row = apps.set_index("application_id").loc[who]
    seen_key = f"cand_stage_seen_{who}"  # the version and stage this user saw first
    seen_version, seen_stage = st.session_state.setdefault(seen_key, (int(row["application_version"]), row["stage"]))
    new_stage = right.selectbox(
        t("state.stage_new"), STAGES, format_func=lambda s: t(f"cand.stages.{s}"),
        **kept(f"{prefix}_stage_to_{who}", seen_stage), placeholder=t("common.choose_option"),
    )  # fmt: skip
    old_name, new_name = t(f"cand.stages.{seen_stage}"), t(f"cand.stages.{new_stage}")
    if new_stage == seen_stage:
        action.caption(t("state.stage_now", stage=old_name))
        return

    def move() -> None:
        try:
            set_stages(db, [StageChange(who, seen_version, new_stage)])
            st.session_state[seen_key] = (seen_version + 1, new_stage)
            st.session_state[f"{prefix}_stage_flash"] = (
                "success",
                t("state.stage_moved", name=shown[who], stage=new_name),
            )
        except (ConflictError, NotFoundError) as exc:
            st.session_state.pop(seen_key, None)  # the next run shows the stage as it is now
            st.session_state.pop(f"{prefix}_stage_to_{who}", None)
            by = saved_by(t, exc) if isinstance(exc, ConflictError) else ""
            st.session_state[f"{prefix}_stage_flash"] = ("error", t("state.stage_stale", name=shown[who]) + by)

    confirmed_button(
        f"{prefix}_stage_move", t("state.stage_move", stage=new_name),
        t("state.stage_question", name=shown[who], old=old_name, new=new_name), move,
        icon=":material/swap_horiz:", yes_label=t("state.stage_yes"), container=action,
    )  # fmt: skip
