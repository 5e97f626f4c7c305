"""Vacancies: create one from a role profile, then tune its weights, targets, knock-outs and budget.

Every field is kept in a session key of its own (pages/_state.py): a failed save, another page or
another language leaves what was typed in place. Block weights show their running total, which
must reach 100% before saving (or be rescaled on request, with a preview).
"""

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from pages._conflict import saved_by
from pages._state import amount_problems, announce, announced, forget, kept, money_input, with_edits
from pages._ui import FORM, database, framework, page_setup, role_name, roles, show_problems, vacancy_selector
from smm_eval.errors import InputError, problems_from_validation
from smm_eval.markdown import escape_markdown
from smm_eval.services.recruiting import (
    ConflictError,
    block_weights_to_percent,
    create_vacancy,
    new_vacancy_spec,
    update_vacancy,
    weights_add_up,
)
from smm_eval.vocabulary import VACANCY_STATUSES

t = page_setup(__file__)
fw, all_roles, lang, db = framework(), roles(), t.lang, database()
comps, block_of = fw.competencies, fw.block_of
NEW = ("vac_new_title", "vac_new_role", "vac_new_budget_min", "vac_new_budget_max", "vac_new_currency")
# The new-vacancy form's field ids (as its problems name them) -> the labels the form shows.
NEW_LABELS = {
    "title": "vac.field_title", "role_id": "vac.field_role", "budget_min": "vac.budget_min",
    "budget_max": "vac.budget_max", "currency": "vac.currency",
}  # fmt: skip

st.title(t("vac.title"))
st.write(t("vac.intro"))
if st.session_state.get("vac_new_title"):  # a new vacancy begun: the last one's notice goes
    forget("vac_flash")

# A key of its own: the form stays open while the user fixes a refused field (without it, a change
# of `expanded` made it a new, closed element, and the form looked lost).
begun = any(st.session_state.get(k) for k in ("vac_new_title", "vac_new_budget_min", "vac_new_budget_max"))
with st.expander(t("vac.new_title"), icon=":material/add:", expanded=begun, key="vac_new_form"):
    title = st.text_input(t("vac.field_title"), max_chars=200, **kept("vac_new_title", ""))
    role_id = st.selectbox(
        t("vac.field_role"), list(all_roles), format_func=lambda r: role_name(r, lang),
        **kept("vac_new_role", next(iter(all_roles)), by_language=True, options=all_roles),
        placeholder=t("common.choose_option"),
    )  # fmt: skip
    low, high, currency = st.columns([2, 2, 1])
    budget_min = money_input(t("vac.budget_min"), "vac_new_budget_min", container=low)
    budget_max = money_input(t("vac.budget_max"), "vac_new_budget_max", container=high)
    currency_code = currency.text_input(t("vac.currency"), max_chars=3, **kept("vac_new_currency", "RUB"))
    if st.button(t("vac.create"), icon=":material/add:", key="vac_create"):
        new_source = t("vac.new_title")
        money = {"vac_new_budget_min": "budget_min", "vac_new_budget_max": "budget_max"}
        bad = amount_problems(money, new_source)  # an amount box that cannot be read: not saved
        try:
            budget = {"budget_min": budget_min, "budget_max": budget_max, "currency": currency_code}
            if bad:  # the other fields are checked too: every problem is shown at once
                new_vacancy_spec(title, all_roles[role_id], **budget)
                raise InputError(bad)
            created = create_vacancy(db, title, all_roles[role_id], fw, all_roles, **budget)
            st.session_state.vacancy_id = created.id
            forget(*NEW)  # created: the next new vacancy starts from an empty form
            announce("vac_flash", t("vac.created", title=escape_markdown(created.title)))
            st.rerun()
        except ValidationError as exc:  # what was typed stays in the form
            show_problems(InputError(problems_from_validation(exc, new_source) + bad), FORM, NEW_LABELS)
        except InputError as exc:
            show_problems(exc, FORM, NEW_LABELS)
announced("vac_flash")  # under the form's button, the new vacancy chosen in the list below

vacancy = vacancy_selector(on_vacancies_page=True)
vacancy_id = vacancy.id
# The version this user started editing from: a save is refused if someone saved in between.
version_key = f"vac_version_{vacancy_id}"
st.session_state.setdefault(version_key, vacancy.version)
st.caption(t("vac.based_on", role=role_name(vacancy.role_id), version=st.session_state[version_key]))
spec = vacancy.spec
edit = f"vac_{vacancy_id}_{st.session_state[version_key]}"  # the kept fields of this version's edit

c1, c2, c3, c4, c5 = st.columns([3, 2, 2, 2, 1])
new_title = c1.text_input(t("vac.field_title"), max_chars=200, **kept(f"{edit}_title", vacancy.title))
status = c2.selectbox(
    t("vac.status_label"), VACANCY_STATUSES, format_func=lambda s: t(f"vac.status.{s}"),
    **kept(f"{edit}_status", spec.status, by_language=True),
    placeholder=t("common.choose_option"),
)  # fmt: skip
st.session_state.setdefault(f"{edit}_budget_min", spec.budget_min)
st.session_state.setdefault(f"{edit}_budget_max", spec.budget_max)
budget = (
    money_input(t("vac.budget_min"), f"{edit}_budget_min", container=c3, help=t("state.budget_help")),
    money_input(t("vac.budget_max"), f"{edit}_budget_max", container=c4, help=t("state.budget_help")),
)
currency_code = c5.text_input(t("vac.currency"), max_chars=3, **kept(f"{edit}_currency", spec.currency))

# Block weights with their running total; saving needs 100%, or a rescale the user asked for.
st.markdown(f"**{t('vac.block_weights')}**")
start = block_weights_to_percent(spec.block_weights)
columns = st.columns(len(fw.block_ids))
weights = {
    b: col.number_input(
        fw.block(b).name.get(lang),
        min_value=0.0,
        max_value=100.0,
        step=0.5,
        # Whole percents as "22", not the browser's "22.0"; a half as "22.5" (printf has no decimal comma).
        format="%g",
        **kept(f"{edit}_weight_{b}", float(start[b])),
    )
    for col, b in zip(columns, fw.block_ids, strict=True)
}
total = sum(weights.values())
weights_ok = weights_add_up(weights)
st.progress(min(total, 100.0) / 100, text=t("state.weights_total", total=t.number(total, 1)))
if not weights_ok:
    rescaled = block_weights_to_percent(weights)
    st.warning(t("state.weights_not_100", total=t.number(total, 1)), icon=":material/balance:")
    preview = pd.DataFrame(
        {
            t("res.block"): [fw.block(b).name.get(lang) for b in fw.block_ids],
            t("state.weight_now"): [t.number(weights[b], 1) for b in fw.block_ids],
            t("state.weight_rescaled"): [t.number(rescaled[b], 2) for b in fw.block_ids],
        }
    )
    st.dataframe(preview, hide_index=True)

    def rescale() -> None:
        for b, value in rescaled.items():
            st.session_state[f"{edit}_weight_{b}"] = value

    st.button(t("state.weights_rescale"), icon=":material/balance:", on_click=rescale, disabled=total <= 0)

# The competency table's edits are kept in `<edit>_table` (ids as columns, labels from the column
# config), so another page or another language leaves them in place (pages/_state.with_edits).
table_key, editor_key = f"{edit}_table", f"{edit}_competencies"
if table_key not in st.session_state:
    st.session_state[table_key] = pd.DataFrame(
        {
            "id": fw.competency_ids,
            "weight": [float(spec.competency_weights[c]) for c in fw.competency_ids],
            "target": [int(spec.targets[c]) for c in fw.competency_ids],
            "knockout": [int(spec.knockouts.get(c, 0)) for c in fw.competency_ids],
        }
    )
shown = st.session_state[table_key].assign(
    block=[fw.block(block_of[c]).name.get(lang) for c in fw.competency_ids],
    competency=[comps[c].name.get(lang) for c in fw.competency_ids],
)[["id", "block", "competency", "weight", "target", "knockout"]]


def absorb_edits() -> None:
    st.session_state[table_key] = with_edits(st.session_state[table_key], st.session_state[editor_key]["edited_rows"])


st.markdown(f"**{t('vac.competencies')}**")
edited = st.data_editor(
    shown, hide_index=True, height=35 * 26 + 3, disabled=["id", "block", "competency"], key=editor_key,
    on_change=absorb_edits,
    column_config={
        "id": None,
        "block": st.column_config.TextColumn(t("res.block")),
        "competency": st.column_config.TextColumn(t("sf.competency")),
        "weight": st.column_config.NumberColumn(
            t("vac.comp_weight"), min_value=0.0, max_value=10.0, step=0.1, format="%g"
        ),
        "target": st.column_config.NumberColumn(t("sf.target"), min_value=0, max_value=4, step=1),
        "knockout": st.column_config.NumberColumn(
            t("vac.knockout"), min_value=0, max_value=4, step=1, help=t("vac.knockout_help")
        ),
    },
)  # fmt: skip
save = st.button(t("vac.save"), icon=":material/save:", type="primary", disabled=not weights_ok, key="vac_save",
                 help=None if weights_ok else t("state.weights_save_help"))  # fmt: skip

if save:
    rows = edited.set_index("id")
    try:
        saved = update_vacancy(
            db, vacancy, st.session_state[version_key], fw, all_roles, title=new_title, status=status,
            budget_min=budget[0] or None, budget_max=budget[1] or None, currency=currency_code,
            block_weights=weights,
            competency_weights={c: float(rows.at[c, "weight"] or 0) for c in fw.competency_ids},
            targets={c: int(rows.at[c, "target"] or 0) for c in fw.competency_ids},
            knockouts={c: int(v) for c, v in rows["knockout"].fillna(0).items() if int(v) > 0},
        )  # fmt: skip
        st.session_state[version_key] = saved.version
        st.session_state.vac_flash = t("vac.saved", version=saved.version)
        st.rerun()
    except ValidationError as exc:
        show_problems(InputError(problems_from_validation(exc, vacancy.title)), FORM)
    except InputError as exc:
        show_problems(exc, FORM)
    except ConflictError as exc:
        st.error(t("vac.conflict") + saved_by(t, exc), icon=":material/sync_problem:")
        st.button(t("vac.reload"), icon=":material/refresh:", on_click=st.session_state.pop, args=(version_key, None))
