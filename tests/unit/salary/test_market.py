"""data/salary.yaml: every factor value has its reasoning, every source its date."""

from __future__ import annotations

import pytest

from smm_eval.errors import DataFileError
from smm_eval.salary import load_salary_data


def test_every_factor_has_its_reasoning_and_every_source_its_date(data, role_ids):
    for name, factor in data.factors.items():
        for value, entry in factor.values.items():
            for lang in ("en", "es"):
                text = entry.reason.get(lang)
                assert len(text) > 10, (name, value)
            # Either a figure with its source is cited, or the value is declared an assumption.
            cites = any(
                s in entry.reason.en for s in ("Avito", "hh.ru", "source", "message boards", "reference", "anchor")
            )
            assert cites or "assum" in entry.reason.en, (name, value)
    assert set(data.factors["role"].values) == set(role_ids)
    for source in data.sources:
        assert source.date is not None or source.assumed_year is not None
    newest = max(s.year() for s in data.sources)
    assert newest == 2023
    assert data.newest_year() == newest


def test_a_factor_without_a_career_level_is_refused(tmp_path):
    text = load_salary_data.__wrapped__().model_dump_json()  # the shipped file, as JSON (valid YAML)
    broken = text.replace('"lead":', '"chief":', 1)
    path = tmp_path / "salary.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataFileError, match="missing values"):
        load_salary_data(path)
