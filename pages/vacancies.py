"""Vacancies: create one from a role profile, then tune its weights, targets, knock-outs and budget."""

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from pages._ui import FORM, database, framework, page_setup, role_name, roles, show_problems, vacancy_selector
from smm_eval.errors import InputError, problems_from_validation
from smm_eval.services.recruiting import ConflictError, create_vacancy, update_vacancy
from smm_eval.vocabulary import VACANCY_STATUSES

t = page_setup(__file__)
fw, all_roles, lang, db = framework(), roles(), t.lang, database()
comps, block_of = fw.competencies, fw.block_of

st.title(t("vac.title"))
st.write(t("vac.intro"))
if flash := st.session_state.pop("vac_flash", None):
    st.success(flash, icon=":material/check:")

with st.expander(t("vac.new_title"), icon=":material/add:", expanded=False), st.form("vac_new", clear_on_submit=True):
    title = st.text_input(t("vac.field_title"), max_chars=200)
    role_id = st.selectbox(t("vac.field_role"), list(all_roles), format_func=role_name)
    low, high, currency = st.columns([2, 2, 1])
    budget_min = low.number_input(t("vac.budget_min"), min_value=0, step=5000, value=None)
    budget_max = high.number_input(t("vac.budget_max"), min_value=0, step=5000, value=None)
    currency_code = currency.text_input(t("vac.currency"), value="RUB", max_chars=3)
    if st.form_submit_button(t("vac.create"), icon=":material/add:"):
        try:
            created = create_vacancy(
                db, title, all_roles[role_id], fw, all_roles, budget_min=budget_min, budget_max=budget_max,
                currency=currency_code,
            )  # fmt: skip
            st.session_state.vacancy_id = created.id
            st.success(t("vac.created", title=created.title))
        except ValidationError as exc:
            show_problems(InputError(problems_from_validation(exc, t("vac.new_title"))), FORM)
        except InputError as exc:
            show_problems(exc)

vacancy = vacancy_selector(on_vacancies_page=True)
vacancy_id = vacancy.id
# The version this user started editing from: a save is refused if someone saved in between.
version_key = f"vac_version_{vacancy_id}"
st.session_state.setdefault(version_key, vacancy.version)
st.caption(t("vac.based_on", role=role_name(vacancy.role_id), version=st.session_state[version_key]))

with st.form(f"vac_edit_{vacancy_id}_{st.session_state[version_key]}"):
    c1, c2, c3, c4 = st.columns([3, 2, 2, 1])
    new_title = c1.text_input(t("vac.field_title"), value=vacancy.title, max_chars=200)
    status = c2.selectbox(
        t("vac.status_label"), VACANCY_STATUSES, index=VACANCY_STATUSES.index(vacancy.spec.status),
        format_func=lambda s: t(f"vac.status.{s}"),
    )  # fmt: skip
    budget = c3.slider(
        t("vac.budget"), 0, 300_000, (vacancy.spec.budget_min or 0, vacancy.spec.budget_max or 0), step=5_000,
        help=t("vac.budget_help"),
    )  # fmt: skip
    currency_code = c4.text_input(t("vac.currency"), value=vacancy.spec.currency, max_chars=3)

    total = sum(vacancy.spec.block_weights.values()) or 1
    blocks = pd.DataFrame(
        {
            "id": fw.block_ids,
            t("res.block"): [fw.block(b).name.get(lang) for b in fw.block_ids],
            t("vac.weight_percent"): [round(100 * vacancy.spec.block_weights[b] / total, 1) for b in fw.block_ids],
        }
    )
    st.markdown(f"**{t('vac.block_weights')}**")
    edited_blocks = st.data_editor(
        blocks, hide_index=True, disabled=["id", t("res.block")], column_config={"id": None,
        t("vac.weight_percent"): st.column_config.NumberColumn(min_value=0, max_value=100, step=0.5, format="%.1f %%")},
    )  # fmt: skip
    st.caption(t("vac.percent_help"))
    table = pd.DataFrame(
        {
            "id": fw.competency_ids,
            t("res.block"): [fw.block(block_of[c]).name.get(lang) for c in fw.competency_ids],
            t("sf.competency"): [comps[c].name.get(lang) for c in fw.competency_ids],
            t("vac.comp_weight"): [float(vacancy.spec.competency_weights[c]) for c in fw.competency_ids],
            t("sf.target"): [int(vacancy.spec.targets[c]) for c in fw.competency_ids],
            t("vac.knockout"): [int(vacancy.spec.knockouts.get(c, 0)) for c in fw.competency_ids],
        }
    )
    st.markdown(f"**{t('vac.competencies')}**")
    edited = st.data_editor(
        table, hide_index=True, height=35 * 26 + 3, disabled=["id", t("res.block"), t("sf.competency")],
        column_config={
            "id": None,
            t("vac.comp_weight"): st.column_config.NumberColumn(min_value=0.0, max_value=10.0, step=0.1),
            t("sf.target"): st.column_config.NumberColumn(min_value=0, max_value=4, step=1),
            t("vac.knockout"): st.column_config.NumberColumn(
                min_value=0, max_value=4, step=1, help=t("vac.knockout_help")
            ),
        },
    )  # fmt: skip
    save = st.form_submit_button(t("vac.save"), icon=":material/save:", type="primary")

if save:
    rows = edited.set_index("id")
    try:
        saved = update_vacancy(
            db, vacancy, st.session_state[version_key], fw, all_roles, title=new_title, status=status,
            budget_min=budget[0] or None, budget_max=budget[1] or None, currency=currency_code,
            block_weights=edited_blocks.set_index("id")[t("vac.weight_percent")].to_dict(),
            competency_weights={c: float(rows.at[c, t("vac.comp_weight")] or 0) for c in fw.competency_ids},
            targets={c: int(rows.at[c, t("sf.target")] or 0) for c in fw.competency_ids},
            knockouts={c: int(v) for c, v in rows[t("vac.knockout")].fillna(0).items() if int(v) > 0},
        )  # fmt: skip
        st.session_state[version_key] = saved.version
        st.session_state.vac_flash = t("vac.saved", version=saved.version)
        st.rerun()
    except ValidationError as exc:
        show_problems(InputError(problems_from_validation(exc, vacancy.title)), FORM)
    except InputError as exc:
        show_problems(exc, FORM)
    except ConflictError:
        st.error(t("vac.conflict"), icon=":material/sync_problem:")
        st.button(t("vac.reload"), icon=":material/refresh:", on_click=st.session_state.pop, args=(version_key, None))
