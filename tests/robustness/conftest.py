"""The bad-input corpus (tests/data/bad/), plus a 50 MB file written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import ROOT

BAD_DIR = ROOT / "tests" / "data" / "bad"
BAD_FILES = sorted(BAD_DIR.iterdir(), key=lambda p: p.name)
HUGE_MB = 50


@pytest.fixture(scope="session")
def huge_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 MB of well-formed ratings whose very last row has a level out of range: the reader must
    go through all of it and point at that row (the uploads refuse it by size first)."""
    path = tmp_path_factory.mktemp("huge") / "huge_50mb.csv"
    row = "Candidate {i:08d},Irina,3,2,4,1,0,2,3,4,1,2\n"
    header = "person,rater,copywriting,seo_basics,kpi_setting,brand_strategy,visual_content,negotiation,"
    header += "documentation,audience_dialogue,engagement_metrics,content_planning\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header)
        i = 0
        size = len(header)
        while size < HUGE_MB * 2**20:
            line = row.format(i=i)
            handle.write(line)
            size += len(line)
            i += 1
        handle.write(f"Candidate {i:08d},Irina,3,2,4,1,0,2,3,4,1,9\n")
    return path
