"""The competency model: blocks, competencies with their behavioural anchors, roles and levels."""

import pandas as pd
import streamlit as st

from pages._ui import framework, page_setup, role_name, roles

t = page_setup(__file__)
fw, all_roles, lang = framework(), roles(), t.lang
block_total = sum(b.weight for b in fw.blocks)
comp_list = [c for b in fw.blocks for c in b.competencies]

st.title(t("model.title"))
st.write(t("model.intro"))

tab_comp, tab_roles, tab_levels = st.tabs([t("model.tab_competencies"), t("model.tab_roles"), t("model.tab_levels")])
with tab_comp:
    st.dataframe(
        pd.DataFrame(
            {
                t("model.level"): [s.level for s in fw.scale],
                t("model.name"): [s.name.get(lang) for s in fw.scale],
                t("model.meaning"): [s.description.get(lang) for s in fw.scale],
            }
        ),
        hide_index=True,
    )
    for block in fw.blocks:
        st.subheader(f"{block.name.get(lang)} · {t.percent(block.weight / block_total)}", anchor=False)
        st.caption(block.rationale.get(lang))
        for comp in block.competencies:
            with st.expander(f"{comp.name.get(lang)} (`{comp.id}`)"):
                st.write(comp.description.get(lang))
                if comp.rationale:
                    st.caption(
                        t("model.weight_reason", weight=t.number(comp.weight, 1), reason=comp.rationale.get(lang))
                    )
                st.dataframe(
                    pd.DataFrame(
                        {
                            t("model.level"): [f"{s.level} · {s.name.get(lang)}" for s in fw.scale],
                            t("model.behaviour"): [comp.anchors[s.level].get(lang) for s in fw.scale],
                        }
                    ),
                    hide_index=True,
                )

with tab_roles:
    role_id = st.selectbox(
        t("model.role_label"),
        list(all_roles),
        format_func=lambda r: all_roles[r].name.get(lang),
        placeholder=t("common.choose_option"),
    )
    role = all_roles[role_id]
    st.write(role.description.get(lang))
    weights = role.block_weight_percent()
    st.dataframe(
        pd.DataFrame(
            {
                t("model.block"): [b.name.get(lang) for b in fw.blocks],
                t("res.weight"): [weights[b.id] / 100 for b in fw.blocks],
            }
        ),
        hide_index=True,
        column_config={t("res.weight"): st.column_config.NumberColumn(format="percent")},
    )
    block_of = fw.block_of
    st.dataframe(
        pd.DataFrame(
            {
                t("model.block"): [fw.block(block_of[c]).name.get(lang) for c in fw.competency_ids],
                t("model.competency"): [fw.competencies[c].name.get(lang) for c in fw.competency_ids],
                t("model.target"): [role.targets[c] for c in fw.competency_ids],
                t("model.comp_weight"): [role.competency_weights[c] for c in fw.competency_ids],
            }
        ),
        hide_index=True,
    )

with tab_levels:
    st.write(t("model.levels_rule"))
    st.dataframe(
        pd.DataFrame(
            {
                t("model.career_level"): [lv.name.get(lang) for lv in fw.career_levels],
                t("model.meaning"): [lv.description.get(lang) for lv in fw.career_levels],
            }
        ),
        hide_index=True,
    )
    grades_role = st.selectbox(
        t("model.grades_role"),
        list(all_roles),
        format_func=role_name,
        key="model_grades_role",
        placeholder=t("common.choose_option"),
    )
    graded = all_roles[grades_role].grade_targets()
    st.caption(t("model.grades_caption", grade=t(f"sal.level.{all_roles[grades_role].reference_grade}")))
    st.dataframe(
        pd.DataFrame(
            {lv.name.get(lang): [graded[lv.id][c.id] for c in comp_list] for lv in fw.career_levels},
            index=pd.Index([c.name.get(lang) for c in comp_list], name=t("model.competency")),
        ),
    )
    st.subheader(t("res.qualities_title"), anchor=False)
    st.write(t("res.qualities_intro"))
    st.markdown("\n".join(f"- {q.name.get(lang)}" for q in fw.personal_qualities))
