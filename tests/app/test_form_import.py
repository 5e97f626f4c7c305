"""The form-import page in AppTest: c13 mapped, its duplicate resolved, scored and imported."""

from __future__ import annotations

import io

import yaml
from streamlit.testing.v1 import AppTest

from smm_eval import storage
from smm_eval.recruiting import vacancy_from_role
from smm_eval.services.scoring_file import score_file
from smm_eval.storage import open_database

from ..conftest import ROOT

C13 = (ROOT / "tests" / "data" / "imports" / "c13_google_forms_export.csv").read_bytes()
SAMPLES = ROOT / "data" / "samples"
EN = yaml.safe_load((ROOT / "data" / "messages" / "en.yaml").read_text(encoding="utf-8"))["fi"]
ES = yaml.safe_load((ROOT / "data" / "messages" / "es.yaml").read_text(encoding="utf-8"))["fi"]


def form_page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    return at.switch_page("pages/form_import.py").run()


def upload_c13(at: AppTest, name: str = "c13.csv", data: bytes = C13) -> AppTest:
    return at.file_uploader(key="fi_file").set_value((name, data, "text/csv")).run()


def frame_with(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_c13_mapping_is_suggested_and_the_duplicate_shown():
    at = upload_c13(form_page())
    assert not at.exception, at.exception
    columns = frame_with(at, EN["role"])
    assert dict(zip(columns[EN["column"]], columns[EN["role"]], strict=True)) == {
        "Timestamp": EN["role_date"],
        "Email Address": EN["role_rater"],
        "person": EN["role_person"],
        "brand_strategy": "Brand presence strategy (brand_strategy)",
        "copywriting": "Writing texts (copywriting)",
    }
    answers = frame_with(at, EN["answer"])
    assert dict(zip(answers[EN["answer"]], answers[EN["level"]], strict=True)) == {
        "3 - Independent": "3 · Independent", "Guided": "2 · Guided", "4 - Expert": "4 · Expert", "Aware": "1 · Aware",
    }  # fmt: skip
    duplicates = frame_with(at, EN["kept"])
    assert duplicates.iloc[0].tolist() == ["Kira Lenz", "rater1@example.org", "2, 3",
                                           "2026/10/03 9:14:02 AM GMT+3, 2026/10/03 9:20:45 AM GMT+3", 3]  # fmt: skip
    assert at.radio(key=next(r.key for r in at.radio)).value == "refuse"


def test_refusing_the_duplicate_lists_it_and_keeping_the_latest_scores():
    at = upload_c13(form_page())
    at.button(key="fi_score").click().run()
    problems = frame_with(at, "Problem")
    assert problems["Where"].tolist() == ["c13.csv, line 3"]
    assert "more than once (lines 2, 3)" in problems["Problem"].iloc[0]

    at.radio[0].set_value("keep_latest").run()
    at.button(key="fi_score").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [EN["scored"]["other"].format(count=2, role="SMM manager")]
    shown = frame_with(at, EN["overall"])
    # The same scores as the hand-made wide file with the later submission kept.
    from smm_eval.framework import load_framework, load_roles

    wide = b"person,rater,brand_strategy,copywriting\nKira Lenz,r1,3,4\nJonas Weber,r2,2,1\n"
    expected = score_file(wide, "w.csv", load_framework(), load_roles()["smm_manager"]).ranking
    assert shown[EN["person"]].tolist() == ["Kira Lenz", "Jonas Weber"]
    assert shown[EN["overall"]].tolist() == expected["overall"].round(1).tolist()
    # Two answers are below the coverage gate of the SMM manager: fit says what to rate, never NaN.
    assert expected["fit"].isna().all()
    assert shown[EN["fit"]].tolist() == [f"rate {n} more" for n in expected["to_rate"]]


def test_a_saved_mapping_is_used_and_offered_back():
    at = form_page()
    at.file_uploader(key="fi_mapping_file").set_value(
        ("m.json", (SAMPLES / "form_export_mapping.json").read_bytes(), "application/json")
    ).run()
    at = upload_c13(at, "form_export.csv", (SAMPLES / "form_export.csv").read_bytes())
    assert not at.exception, at.exception
    columns = frame_with(at, EN["role"])
    assert dict(zip(columns[EN["column"]], columns[EN["role"]], strict=True))["Comments"] == EN["role_ignore"]
    assert at.radio[0].value == "keep_latest"  # the saved choice
    answers = frame_with(at, EN["answer"])
    assert dict(zip(answers[EN["answer"]], answers[EN["level"]], strict=True))["Don't know"] == EN["not_answered"]


def test_a_broken_upload_is_refused_in_a_table():
    at = upload_c13(form_page(), "answers.xlsx", b"Name,copywriting\nAna,3\n")
    assert not at.exception, at.exception
    problems = frame_with(at, "Problem")
    assert problems["Where"].tolist() == ["answers.xlsx"]
    assert "is not an .xlsx workbook" in problems["Problem"].iloc[0]


def test_import_into_a_vacancy_stores_the_scorecards(workspace, framework, roles):
    db = open_database(f"sqlite:///{workspace}")
    with db.transaction() as session:
        storage.create_vacancy(session, vacancy_from_role("Forms", roles["smm_manager"]), framework, roles)
    at = upload_c13(form_page())
    at.radio[0].set_value("keep_latest").run()
    at.button(key="fi_import").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [
        "Imported into Forms: 2 new candidates, 0 existing candidates, 2 scorecards, 0 self-assessments kept apart."
    ]
    with db.transaction() as session:
        names = sorted(storage.applications_frame(session, 1)["name"])
    assert names == ["Jonas Weber", "Kira Lenz"]


def test_the_page_speaks_spanish():
    at = upload_c13(form_page("es"))
    assert not at.exception, at.exception
    assert at.title[0].value == ES["title"]
    columns = frame_with(at, ES["role"])
    assert columns[ES["role"]].tolist()[:3] == [ES["role_date"], ES["role_rater"], ES["role_person"]]
    assert [r.options for r in at.radio] == [[ES["keep_latest"], ES["refuse"]]]


def test_every_bad_corpus_file_is_refused_naming_it_or_read_as_an_export():
    """The bad-input corpus on this upload: never an exception. A file the ratings reader refuses
    for its header alone (an unknown column, say) is a fine raw export here; everything else is
    refused in a table that names the file."""
    accepted = []
    for path in sorted((ROOT / "tests" / "data" / "bad").iterdir()):
        name = path.with_suffix(".csv").name
        at = upload_c13(form_page(), name, path.read_bytes())
        if any(b.key == "fi_score" for b in at.button):
            at.button(key="fi_score").click().run()
        assert not at.exception, f"{name}: {at.exception[0].value}"
        if at.success:
            accepted.append(name)
            continue
        shown = "\n".join(str(cell) for df in at.dataframe for cell in df.value.iloc[:, 0])
        assert at.error and name in shown, f"{name}: neither scored nor refused naming the file"
    # Valid raw exports: a column that is not a competency is suggested as ignored (the user sees
    # it in the column table), and a team file's role column is no concern of the scores.
    assert accepted == [
        "extra_unknown_column.csv", "team_missing_role.csv", "team_unknown_role.csv", "unknown_competency.csv",
    ]  # fmt: skip


def test_the_score_file_page_points_a_raw_export_to_this_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("pages/score_file.py").run()
    at.file_uploader(key="sf_file").set_value(("c13.csv", C13, "text/csv")).run()
    assert not at.exception, at.exception
    links = [el for el in at.get("page_link") if el.proto.label == EN["go"]]
    assert len(links) == 1
    # A ratings file refused for a cell keeps its header: no pointer to the form page.
    bad = (ROOT / "tests" / "data" / "bad" / "level_fractional.csv").read_bytes()
    at.file_uploader(key="sf_file").set_value(("bad.csv", bad, "text/csv")).run()
    assert at.error
    assert [el for el in at.get("page_link") if el.proto.label == EN["go"]] == []


def test_an_xlsx_export_is_mapped_and_scored():
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    for row in [
        ["Marca temporal", "Dirección de correo electrónico", "Nombre", "Redacción de textos", "SEO básico"],
        [datetime(2026, 10, 3, 9, 0), "a@x.org", "Ana", "Guiado", "Autónomo"],
        [datetime(2026, 10, 3, 9, 5), "b@x.org", "Ana", "Experto", 3.0],
    ]:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    at = upload_c13(form_page(), "respuestas.xlsx", out.getvalue())
    assert not at.exception, at.exception
    columns = frame_with(at, EN["role"])
    assert columns[EN["role"]].tolist() == [
        EN["role_date"], EN["role_rater"], EN["role_person"], "Writing texts (copywriting)", "Basic SEO (seo_basics)",
    ]  # fmt: skip
    at.button(key="fi_score").click().run()
    shown = frame_with(at, EN["overall"])
    assert shown[EN["person"]].tolist() == ["Ana"]
    assert shown[EN["raters"]].tolist() == [2]  # two raters, no duplicate


def test_a_saved_mapping_for_another_export_is_not_applied_silently():
    # Tester's finding: the sample's mapping loaded with c13 showed every column as "Ignore" and "no
    # one was rated twice", though c13 rates Kira Lenz twice. Now the page says the mapping is for
    # another export and shows c13's own suggestion, duplicate included.
    at = form_page()
    at.file_uploader(key="fi_mapping_file").set_value(
        ("m.json", (SAMPLES / "form_export_mapping.json").read_bytes(), "application/json")
    ).run()
    at = upload_c13(at)
    assert not at.exception, at.exception
    warnings = [w.value for w in at.warning]
    assert any(w.startswith(EN["mapping_unmatched"].split("(")[0]) for w in warnings), warnings
    assert any(w == EN["duplicates_found"]["one"].format(count=1) for w in warnings), warnings
    columns = frame_with(at, EN["role"])
    roles_shown = dict(zip(columns[EN["column"]], columns[EN["role"]], strict=True))
    assert sum(role == EN["role_ignore"] for role in roles_shown.values()) < len(roles_shown) - 2
