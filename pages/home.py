"""Home: what SMM Eval does for each of its three users, and where each one starts."""

import streamlit as st

from pages._navigation import page_link
from pages._ui import framework, page_setup

t = page_setup(__file__)
fw = framework()

st.title(t("home.title"))
st.write(t("home.lead", competencies=len(fw.competency_ids), blocks=len(fw.blocks)))

seeker, recruiter, lead = st.columns(3, border=True)
with seeker:
    st.subheader(t("home.seeker.title"), anchor=False)
    st.write(t("home.seeker.body"))
    st.page_link("pages/self_assessment.py", label=t("home.seeker.cta"), icon=":material/arrow_forward:")
    st.page_link("pages/salary.py", label=t("home.seeker.salary_cta"), icon=":material/payments:")
with recruiter:
    st.subheader(t("home.recruiter.title"), anchor=False)
    st.write(t("home.recruiter.body"))
    page_link("pages/vacancies.py", label=t("home.recruiter.cta"), icon=":material/arrow_forward:")
    st.page_link(
        "pages/form_import.py",
        label=t("home.recruiter.form_cta"),  # short: a card's link is one line, cut beyond (issue 15)
        icon=":material/dynamic_form:",
        help=t("home.recruiter.form_help"),
    )
with lead:
    st.subheader(t("home.lead_user.title"), anchor=False)
    st.write(t("home.lead_user.body"))
    page_link("pages/team.py", label=t("home.lead_user.cta"), icon=":material/arrow_forward:")

st.subheader(t("home.how.title"), anchor=False)
st.markdown(t("home.how.body"))
st.page_link("pages/model.py", label=t("home.how.cta"), icon=":material/menu_book:")
st.page_link("pages/score_file.py", label=t("home.how.score_file"), icon=":material/groups:")
