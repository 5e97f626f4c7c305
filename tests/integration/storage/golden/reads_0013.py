"""A workspace and every read of it, recorded by the code of schema revision 0013 (one
`scorecard_items` row per competency) for tests/integration/storage/test_levels_layout.py.

Run from a checkout of revision 0013's code (the commit before migration 0014, e.g.
`git archive a725ebf | tar -x -C /tmp/main_src`):

    cd /tmp/main_src && python <this file> <output.json>

It builds the workspace (`build`), records what every read path gives (`reads`) and its backup,
and writes them as JSON. The test rebuilds the same rows at revision 0013 from the backup,
upgrades to head and compares every read with what the old code gave.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

RATER = "Lena Ortiz"


def build(db: Any, framework: Any, roles: Any) -> None:
    """The sample import (4 candidates, 8 scorecards, a self-assessment), then a hand-made card
    with evidence on some of its competencies, a partial card and an edit of it (update event)."""
    from smm_eval import storage
    from smm_eval.files.candidates import read_candidates
    from smm_eval.files.ratings import read_wide_ratings
    from smm_eval.schemas import ScorecardInput

    samples = Path(storage.__file__).parents[2] / "data" / "samples"
    table = read_wide_ratings((samples / "interview_ratings.csv").read_bytes(), "r.csv", framework.competency_ids)
    candidates = read_candidates((samples / "candidates.csv").read_bytes(), "candidates.csv")
    with db.transaction() as session:
        storage.import_ratings(session, table, "SMM manager", "smm_manager", framework, roles, candidates=candidates)
    quality, flag = framework.personal_qualities[0].id, framework.red_flags[0].id
    card = ScorecardInput(
        candidate_id=1, vacancy_id=1, rater=RATER,
        levels={"copywriting": 4, "seo_basics": 0, "ad_setup": 2, "brand_strategy": 3},
        evidence={"copywriting": "Wrote the launch thread; ñandú «quoted»", "ad_setup": "Ran one test campaign"},
        qualities=[quality], red_flags=[flag], recommendation="yes", notes="Strong writer",
    )  # fmt: skip
    partial = ScorecardInput(candidate_id=2, vacancy_id=1, rater=RATER, levels={"kpi_setting": 1})
    with db.transaction() as session:
        storage.save_scorecard(session, card, framework, None)
        storage.save_scorecard(session, partial, framework, None)
    edited = partial.model_copy(
        update={"levels": {"kpi_setting": 2, "trend_tracking": 3}, "evidence": {"trend_tracking": "x"}}
    )
    with db.transaction() as session:
        storage.save_scorecard(session, edited, framework, 1)


def reads(db: Any, framework: Any) -> dict[str, str]:
    """Every read path's output as text: the rank table CSV, the compare data (every scorecard
    item and the vacancy's ratings), a candidate page's items, the export of one candidate (plain
    and blind, without its `exported_at`) and the checksum."""
    import pandas as pd

    from smm_eval import storage
    from smm_eval.services.candidates import scorecard_context
    from smm_eval.services.lifecycle import export_candidate_json
    from smm_eval.services.recruiting import load_vacancy, rank_vacancy

    def csv(frame: Any) -> str:  # times as UTC: SQLite gives them back naive, PostgreSQL aware
        if "submitted_at" in frame:
            frame = frame.assign(submitted_at=pd.to_datetime(frame["submitted_at"], utc=True))
        return str(frame.to_csv(index=False))

    out = {"rank_csv": rank_vacancy(db, "SMM manager", framework).table.to_csv(index=False)}
    with db.transaction() as session:
        out["scorecards_csv"] = csv(storage.scorecards_frame(session, 1))
        out["ratings_csv"] = storage.ratings_for_vacancy(session, 1).to_csv(index=False)
        out["checksum"] = storage.checksum(session)
    out["inputs_ratings_csv"] = load_vacancy(db, 1, with_self=True).ratings.to_csv(index=False)
    out["candidate_page_csv"] = csv(scorecard_context(db, 1, 1, "someone else").items)
    for key, blind in (("export_json", False), ("export_blind_json", True)):
        document = json.loads(export_candidate_json(db, "C0001", blind))
        document.pop("exported_at")  # when it was exported: the one field that differs by run
        out[key] = json.dumps(document, ensure_ascii=False, indent=1)
    return out


def backup_text(db: Any) -> str:
    """The backup as the download writes it, without the two fields that name when and at which
    revision it was taken."""
    from smm_eval import storage

    with db.transaction() as session:
        document = storage.backup(session, "")
    document.pop("created_at")
    document.pop("schema_revision")
    return json.dumps(document, ensure_ascii=False, indent=1)


def main(target: str) -> None:
    from smm_eval.framework import load_framework, load_roles
    from smm_eval.storage import open_database

    framework, roles = load_framework(), load_roles()
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{folder}/w.sqlite")
        build(db, framework, roles)
        recorded = {"reads": reads(db, framework), "backup": backup_text(db)}
        db.dispose()
    Path(target).write_text(json.dumps(recorded, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
