"""Scorecard: one rater scores one candidate for a vacancy, by behavioural anchors with evidence.

Other raters' scorecards for the candidate stay hidden until this rater has submitted their own.
"""

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from pages._ui import FORM, candidate_label, database, framework, page_setup, roles, show_problems, vacancy_selector
from smm_eval.errors import InputError, problems_from_validation
from smm_eval.recruiting import assessed_competencies
from smm_eval.schemas import ScorecardInput
from smm_eval.services.candidates import applications, save_scorecard, scorecard_context
from smm_eval.services.recruiting import ConflictError, NotFoundError
from smm_eval.vocabulary import RECOMMENDATIONS

t = page_setup(__file__)
fw, all_roles, lang, db = framework(), roles(), t.lang, database()
comps = fw.competencies

st.title(t("card.title"))
st.write(t("card.intro"))
c1, c2, c3 = st.columns(3)
vacancy = vacancy_selector(c1)
vacancy_id = vacancy.id
apps = applications(db, vacancy_id)
if apps.empty:
    st.info(t("cand.none"), icon=":material/info:")
    st.page_link("pages/candidates.py", label=t("nav.candidates"), icon=":material/person_add:")
    st.stop()
labels = dict(zip(apps["candidate_id"], map(candidate_label, apps["code"], apps["name"]), strict=True))
candidate_id = c2.selectbox(t("cand.candidate"), list(labels), format_func=labels.get, key="card_candidate")
if "card_rater_input" not in st.session_state:
    st.session_state.card_rater_input = st.session_state.rater_name
rater = c3.text_input(t("card.rater"), max_chars=100, key="card_rater_input", help=t("card.rater_help")).strip()
st.session_state.rater_name = rater
if not rater:
    st.info(t("card.need_name"), icon=":material/badge:")
    st.stop()

context = scorecard_context(db, vacancy_id, int(candidate_id), rater)
mine, own_items = context.mine, context.items
own = own_items.loc[own_items["rater"] == rater].set_index("competency")
profile = vacancy.profile
asked = assessed_competencies(profile, fw)
if mine is not None:
    st.success(
        t("card.editing", date=f"{mine.submitted_at:%Y-%m-%d %H:%M}", version=mine.version), icon=":material/edit:"
    )

options = [str(s.level) for s in fw.scale]
# Widget keys name the candidate, rater and version, so one scorecard's answers never show on another.
prefix = f"card_{vacancy_id}_{candidate_id}_{rater}_{mine.version if mine else 0}"
with st.form(prefix):
    levels: dict[str, str | None] = {}
    evidence: dict[str, str] = {}
    for block in fw.blocks:
        block_comps = [c for c in block.competencies if c.id in asked]
        if not block_comps:
            continue
        st.subheader(block.name.get(lang), anchor=False)
        for comp in block_comps:
            current = own["level"].get(comp.id)
            with st.container(border=True):
                st.markdown(f"**{comp.name.get(lang)}** · {t('card.target', target=profile.targets[comp.id])}")
                levels[comp.id] = st.radio(
                    comp.name.get(lang), options, index=None if current is None else int(current),
                    format_func=lambda lv, c=comp: c.anchors[int(lv)].get(lang),
                    captions=[t("sa.level_caption", level=s.level, name=s.name.get(lang)) for s in fw.scale],
                    label_visibility="collapsed", key=f"{prefix}_level_{comp.id}",
                )  # fmt: skip
                evidence[comp.id] = st.text_input(
                    t("card.evidence"), value=str(own["evidence"].get(comp.id, "") or ""), max_chars=2000,
                    key=f"{prefix}_evidence_{comp.id}", placeholder=t("card.evidence_placeholder"),
                )  # fmt: skip
    st.subheader(t("card.overall_title"), anchor=False)
    qualities = st.multiselect(
        t("card.qualities"), [q.id for q in fw.personal_qualities], default=list(mine.qualities) if mine else [],
        format_func=lambda q: next(x.name.get(lang) for x in fw.personal_qualities if x.id == q),
    )  # fmt: skip
    flags = st.multiselect(
        t("card.red_flags"), [f.id for f in fw.red_flags], default=list(mine.red_flags) if mine else [],
        format_func=lambda f: next(x.name.get(lang) for x in fw.red_flags if x.id == f),
    )  # fmt: skip
    recommendation = st.radio(
        t("card.recommendation"), RECOMMENDATIONS, horizontal=True, format_func=lambda r: t(f"card.rec.{r}"),
        index=RECOMMENDATIONS.index(mine.recommendation) if mine and mine.recommendation else None,
    )  # fmt: skip
    notes = st.text_area(t("card.notes"), value=mine.notes if mine else "", max_chars=5000)
    submitted = st.form_submit_button(t("card.submit"), icon=":material/send:", type="primary")

if submitted:
    chosen = {c: int(v) for c, v in levels.items() if v is not None}
    try:
        card = ScorecardInput(
            candidate_id=int(candidate_id), vacancy_id=vacancy_id, rater=rater, levels=chosen,
            evidence={c: e for c, e in evidence.items() if c in chosen and e.strip()}, qualities=qualities,
            red_flags=flags, recommendation=recommendation, notes=notes,
        )  # fmt: skip
        save_scorecard(db, card, fw, mine.version if mine else None)
        st.session_state.card_flash = t.plural("card.saved", len(chosen))
        st.rerun()
    except ValidationError as exc:
        show_problems(InputError(problems_from_validation(exc, t("card.title"))), FORM)
    except InputError as exc:
        show_problems(exc, FORM)
    except (ConflictError, NotFoundError) as exc:  # the storage's English text stays for the CLI
        reason = t("card.changed" if isinstance(exc, ConflictError) else "card.gone")
        st.error(t("card.conflict", detail=reason), icon=":material/sync_problem:")
if flash := st.session_state.pop("card_flash", None):
    st.success(flash, icon=":material/check:")

st.subheader(t("card.others_title"), anchor=False)
others = own_items.loc[own_items["rater"] != rater]
if others.empty:
    st.write(t("card.others_none"))
elif mine is None:
    st.info(t.plural("card.others_hidden", others["rater"].nunique()), icon=":material/visibility_off:")
else:
    table = own_items.pivot_table(index="competency", columns="rater", values="level", aggfunc="first")
    table.index = [comps[c].name.get(lang) for c in table.index]
    st.dataframe(table, width="stretch")
    summary = own_items.drop_duplicates("rater")[["rater", "recommendation"]].assign(
        recommendation=lambda f: [t(f"card.rec.{r}") if isinstance(r, str) else "—" for r in f["recommendation"]]
    )
    st.dataframe(pd.DataFrame(summary.values, columns=[t("card.rater"), t("card.recommendation")]), hide_index=True)
