"""Every problem code of the configuration checks, the salary plausibility checks and the dataset
actions is in both catalogues with the same placeholders, so no page falls back to the English
message (which, for configuration problems, names server paths)."""

from __future__ import annotations

import re

import pytest
import yaml

from smm_eval.settings import ROOT

CODES = {
    "config": ["memory", "system_path", "directory", "missing_folder", "unreadable", "not_sqlite", "unwritable",
               "bad_option", "sqlite_open", "driver", "bad_url", "invalid"],
    "salary": ["future_date", "amount_too_high", "amount_too_low", "dataset_name_blank", "dataset_name_long",
               "dataset_name_control", "dataset_unknown", "dataset_ambiguous", "dataset_market"],
}  # fmt: skip


def catalogue(lang: str) -> dict:
    return yaml.safe_load((ROOT / "data" / "messages" / f"{lang}.yaml").read_text(encoding="utf-8"))["problems"]


@pytest.mark.parametrize(("area", "code"), [(a, c) for a, codes in CODES.items() for c in codes])
def test_both_catalogues_hold_the_code_with_the_same_placeholders(area, code):
    en, es = catalogue("en")[area][code], catalogue("es")[area][code]
    assert set(re.findall(r"\{(\w+)\}", en)) == set(re.findall(r"\{(\w+)\}", es))


def test_configuration_texts_never_ask_for_a_path_placeholder():
    # Pages show the file's name only: no catalogue text of a configuration problem has {path}.
    for lang in ("en", "es"):
        assert all("{path}" not in text for text in catalogue(lang)["config"].values())
