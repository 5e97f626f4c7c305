"""SMM Eval: evaluate social-media-marketing competencies.

The domain package behind the Streamlit app and the command line: the competency model and role
profiles (`framework`), reading ratings (`ratings`), scoring (`scoring`), charts (`charts`),
saved self-assessments (`assessment`), safe exports (`export`) and message catalogues (`i18n`).
It never imports streamlit.
"""

__version__ = "0.1.0"
