"""Templates and samples of every import: the header is what the reader accepts, the sample reads clean."""

from __future__ import annotations

import pytest

from smm_eval.errors import InputError
from smm_eval.files.candidates import read_candidates
from smm_eval.files.observations import read_observations
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.files.team_file import read_team
from smm_eval.files.templates import IMPORT_KINDS, sample_csv, template_csv


@pytest.fixture
def readers(framework, roles, role_ids):
    return {
        "ratings": lambda data: read_wide_ratings(data, "f.csv", framework.competency_ids),
        "candidates": lambda data: read_candidates(data, "f.csv"),
        "team": lambda data: read_team(data, "f.csv", framework, roles),
        "observations": lambda data: read_observations(data, "f.csv", role_ids),
    }


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_a_template_is_a_header_the_reader_accepts(kind, readers, framework):
    data = template_csv(kind, framework.competency_ids)
    assert data.startswith(b"\xef\xbb\xbf")
    with pytest.raises(InputError) as err:
        readers[kind](data)
    # The header passes: the only problem is that the template has no rows yet.
    assert [(p.line, p.message.split(" but ")[0]) for p in err.value.problems] == [(2, "the file has a header")]


@pytest.mark.parametrize("kind", IMPORT_KINDS)
def test_every_sample_reads_clean(kind, readers):
    data = sample_csv(kind)
    assert data.startswith(b"\xef\xbb\xbf")
    readers[kind](data)  # raises on any problem
