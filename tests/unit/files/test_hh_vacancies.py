"""hh.ru vacancies (the public API's JSON) read as salary observations, every dropped item counted."""

from __future__ import annotations

import json
import math

import pytest

from smm_eval.errors import InputError
from smm_eval.files.hh_vacancies import DROP_REASONS, MAX_ITEMS, read_hh_vacancies
from smm_eval.framework import DATA_DIR

SAMPLE = DATA_DIR / "samples" / "hh_vacancies.json"


def _item(**changes):
    item = {
        "salary": {"from": 80000, "to": 100000, "currency": "RUR", "gross": False},
        "area": {"id": "1", "name": "Москва"},
        "experience": {"id": "between1And3"},
        "schedule": {"id": "fullDay"},
        "published_at": "2026-10-05T10:15:00+0300",
        "professional_roles": [{"id": "3", "name": "SMM-менеджер, контент-менеджер"}],
        "snippet": {"requirement": "ignored"},
    }
    item.update(changes)
    return item


def _read(items, roles, **kwargs):
    return read_hh_vacancies(json.dumps({"items": items}).encode(), "hh.json", tuple(roles), **kwargs)


def test_the_sample_maps_every_field_and_counts_every_dropped_item(roles):
    result = read_hh_vacancies(SAMPLE.read_bytes(), "hh_vacancies.json", tuple(roles))
    assert result.items == 8
    # 105 no salary; 106 in USD; 107 a packer (role 131); 108 fly-in-fly-out
    assert result.dropped == {
        "no_salary": 1, "currency": 1, "bad_range": 0, "role": 1, "experience": 0, "work_format": 1,
    }  # fmt: skip
    assert len(result.observations) + sum(result.dropped.values()) == result.items
    frame = result.observations
    assert frame["line"].tolist() == [1, 2, 3, 4]
    assert frame["currency"].unique().tolist() == ["RUB"]  # hh.ru's RUR is ISO RUB
    assert frame["region"].tolist() == ["moscow", "million_city", "st_petersburg", "moscow"]  # Kazan: a million city
    assert frame["level"].tolist() == ["middle", "junior", "senior", "lead"]
    assert frame["work_format"].tolist() == ["office", "remote", "hybrid", "office"]
    assert frame["role"].tolist() == ["smm_manager", "smm_manager", "smm_marketer", "head_of_smm"]
    assert frame["gross"].tolist() == [False, True, None, True]  # null kept as unknown, not assumed gross
    assert [d.isoformat() for d in frame["date"]] == ["2026-10-05", "2026-10-12", "2026-09-28", "2026-10-20"]
    # (80,000 + 100,000) / 2; from-only 60,000 × 1.1; to-only 150,000 × 0.9; (200,000 + 260,000) / 2
    assert frame["salary"].tolist() == pytest.approx([90000, 66000, 135000, 230000])
    assert math.isnan(frame["salary_to"].iloc[1])


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"salary": None}, "no_salary"),
        ({"salary": {"from": None, "to": None, "currency": "RUR", "gross": None}}, "no_salary"),
        ({"salary": {"from": 90000, "to": 80000, "currency": "RUR", "gross": True}}, "bad_range"),
        ({"salary": {"from": 900, "to": None, "currency": "EUR", "gross": True}}, "currency"),
        ({"professional_roles": [{"id": "55", "name": "Копирайтер"}]}, "role"),
        ({"professional_roles": []}, "role"),
        ({"experience": None}, "experience"),
        ({"experience": {"id": "someday"}}, "experience"),
        ({"schedule": {"id": "shift"}}, "work_format"),
        ({"schedule": None, "work_format": [{"id": "REMOTE"}, {"id": "ON_SITE"}]}, "work_format"),
    ],
)
def test_each_unusable_item_is_dropped_with_its_reason(roles, change, reason):
    result = _read([_item(), _item(**change)], roles)
    assert len(result.observations) == 1
    assert result.dropped == {r: int(r == reason) for r in DROP_REASONS}


def test_the_newer_work_format_field_is_read_when_there_is_no_schedule(roles):
    result = _read([_item(schedule=None, work_format=[{"id": "REMOTE"}])], roles)
    assert result.observations["work_format"].tolist() == ["remote"]


def test_a_role_mapped_outside_the_known_roles_is_dropped(roles):
    result = _read([_item(), _item(professional_roles=[{"id": "170"}])], ("smm_manager",))
    assert result.dropped["role"] == 1


def test_bad_fields_are_reported_by_their_path(roles):
    items = [_item(), _item(salary={"from": "a lot", "currency": "RUR"}), _item(published_at="yesterday")]
    with pytest.raises(InputError) as caught:
        _read(items, roles)
    where = [str(p) for p in caught.value.problems]
    assert any(w.startswith("hh.json, field items.1.salary.from:") for w in where), where
    assert any(w.startswith("hh.json, field items.2.published_at:") for w in where), where


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[1, 2]", "field items"),
        (b'{"vacancies": []}', "field items"),
        (b"\xff\xfe", "is not UTF-8 text"),
        (b'{"items": [', "is not valid JSON"),
    ],
)
def test_a_file_that_is_not_an_hh_page_is_refused(roles, data, message):
    with pytest.raises(InputError, match=message):
        read_hh_vacancies(data, "hh.json", tuple(roles))


def test_size_and_item_count_are_bounded(roles):
    with pytest.raises(InputError, match="larger than 1 MB"):
        read_hh_vacancies(b" " * (1024 * 1024 + 1), "hh.json", tuple(roles), max_bytes=1024 * 1024)
    with pytest.raises(InputError, match=f"at most {MAX_ITEMS} items"):
        read_hh_vacancies(b'{"items": [' + b",".join([b"{}"] * (MAX_ITEMS + 1)) + b"]}", "hh.json", tuple(roles))


def test_no_usable_item_is_an_error_that_counts_the_reasons(roles):
    with pytest.raises(InputError, match=r"no vacancy is usable \(2 items; left out: no_salary 1, role 1\)"):
        _read([_item(salary=None), _item(professional_roles=[])], roles)
