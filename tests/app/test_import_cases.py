"""The import cases from the field (tests/data/cases/README.md) through the app's uploads."""

from __future__ import annotations

import math

import pandas as pd
from streamlit.testing.v1 import AppTest

from smm_eval import storage
from smm_eval.storage import open_database

from ..conftest import ROOT
from .test_bad_uploads import EN, REFUSED, button, cand_key, digest, new_app, upload

CASES = ROOT / "tests" / "data" / "cases"


def import_files(at: AppTest, ratings: str, people: str | None = None) -> AppTest:
    upload(at, cand_key(at, "cand_ratings"), ratings, (CASES / ratings).read_bytes())
    if people is not None:
        upload(at, cand_key(at, "cand_people"), people, (CASES / people).read_bytes())
    return button(at, EN["cand"]["import"]).click().run()


def candidates(workspace) -> pd.DataFrame:
    db = open_database(f"sqlite:///{workspace}")
    with db.transaction() as session:
        (vacancy,) = storage.list_vacancies(session)
        frame = storage.applications_frame(session, vacancy.id)
    db.dispose()
    return frame


def problem_table(at: AppTest) -> pd.DataFrame:
    """The page's problem table (columns Where, Problem)."""
    return next(f.value for f in at.dataframe if list(f.value.columns) == ["Where", "Problem"])


def with_vacancy(workspace) -> None:
    from smm_eval.framework import load_framework, load_roles
    from smm_eval.recruiting import vacancy_from_role

    framework, roles = load_framework(), load_roles()
    db = open_database(f"sqlite:///{workspace}")
    with db.transaction() as session:
        storage.create_vacancy(session, vacancy_from_role("Cases", roles["smm_manager"]), framework, roles)
    db.dispose()


def all_text(at: AppTest) -> str:
    """Every text the page shows: markdown, captions, metrics and every dataframe cell."""
    parts = [str(e.value) for kind in (at.markdown, at.caption, at.metric, at.info, at.warning) for e in kind]
    parts += [str(m.label) for m in at.metric]
    for frame in at.dataframe:
        parts += [str(v) for v in frame.value.astype(object).to_numpy().ravel()]
    return "\n".join(parts)


def test_c15_candidates_join_their_rated_people_without_phantoms(workspace):
    with_vacancy(workspace)
    at = import_files(new_app("pages/candidates.py"), "c15_ratings.csv", "c15_candidates_nbsp.csv")
    assert not at.exception
    # Before: 4 candidates (2 rated without salary, 2 unrated phantoms "Zoe\u00a0Marchetti", "bruno keller").
    assert any("Imported: 2 new candidates, 0 existing candidates, 4 scorecards" in s.value for s in at.success)
    frame = candidates(workspace)
    assert sorted(zip(frame["name"], frame["expected_salary"], strict=True)) == [
        ("Bruno Keller", 58000),
        ("Zoe Marchetti", 72000),
    ]


def test_c03_bare_comma_rows_are_skipped_and_counted(workspace):
    with_vacancy(workspace)
    at = import_files(new_app("pages/candidates.py"), "c03_excel_empty_rows.csv")
    assert not at.exception
    assert any("Imported: 2 new candidates, 0 existing candidates, 2 scorecards" in s.value for s in at.success)
    assert EN["common"]["blank_skipped"]["other"].format(count=2) in [c.value for c in at.caption]


def test_c10_decimal_comma_is_explained_not_misreported(workspace):
    with_vacancy(workspace)
    before = digest(workspace)
    at = import_files(new_app("pages/candidates.py"), "c10_ratings_decimal_comma.csv")
    assert not at.exception
    assert at.error[0].value.startswith(REFUSED) and "1 problem found" in at.error[0].value
    assert problem_table(at).iloc[0].tolist() == [
        "c10_ratings_decimal_comma.csv, line 3, column 3 (brand_strategy)",
        "level '2,5' is not a whole number; expected 0, 1, 2, 3 or 4",
    ]
    assert digest(workspace) == before


def test_c11_a_zero_salary_is_a_message_not_an_exception_box(workspace):
    before = digest(workspace)
    at = new_app("pages/salary.py")
    upload(at, "sal_upload", "c11.csv", (CASES / "c11_observations_zero_amount.csv").read_bytes())
    button(at, EN["sal"]["fit"]).click().run()
    assert not at.exception  # before: a ValueError from scikit-learn in an exception box
    assert "2 problems found" in at.error[0].value
    assert problem_table(at)["Where"].tolist() == [
        "c11.csv, line 81, column 1 (salary_from)",
        "c11.csv, line 81, column 2 (salary_to)",
    ]
    assert digest(workspace) == before


def test_c10_semicolon_observations_get_the_separator_hint(workspace):
    at = new_app("pages/salary.py")
    upload(at, "sal_upload", "c10.csv", (CASES / "c10_observations_semicolon.csv").read_bytes())
    button(at, EN["sal"]["fit"]).click().run()
    assert not at.exception
    assert "the file seems to use ';' as separator" in problem_table(at)["Problem"].iloc[0]


def test_c02_agreement_with_no_variance_is_never_nan_on_the_compare_page(workspace):
    with_vacancy(workspace)
    import_files(new_app("pages/candidates.py"), "c02_all_agree.csv")
    at = new_app("pages/compare.py")
    assert not at.exception
    text = all_text(at)
    assert "NaN" not in text and "nan" not in text.split()
    for metric in at.metric:
        assert not (isinstance(metric.value, float) and math.isnan(metric.value))


def test_an_import_detaches_its_files_so_the_next_import_starts_clean(workspace):
    with_vacancy(workspace)
    at = import_files(new_app("pages/candidates.py"), "c15_ratings.csv", "c15_candidates_nbsp.csv")
    assert any("Imported: 2 new candidates, 0 existing candidates, 4 scorecards" in s.value for s in at.success)
    # Before: both files stayed attached: Import was enabled and stored them again (a conflict), and
    # a new ratings file was read with the previous candidates file.
    uploaders = [u for u in at.get("file_uploader") if u.key.startswith(("cand_ratings", "cand_people"))]
    assert [u.key for u in uploaders] == ["cand_ratings_1", "cand_people_1"]
    assert all(not u.value for u in uploaders)
    assert button(at, EN["cand"]["import"]).disabled
    after = import_files(at, "c03_excel_empty_rows.csv")  # a second file, alone: no candidates file read
    assert not after.exception and not after.error
    assert any("Imported: 2 new candidates, 0 existing candidates, 2 scorecards" in s.value for s in after.success)
    assert sorted(candidates(workspace)["name"]) == ["Bruno Keller", "Lena Ortiz", "Omar Haddad", "Zoe Marchetti"]
