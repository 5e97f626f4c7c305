"""Vacancies in the shape of hh.ru's public vacancies API, read as salary observations.

The file is a JSON object with `items[]` as `GET https://api.hh.ru/vacancies` returns it
(github.com/hhru/api, docs/vacancies.md): per item `salary{from,to,currency,gross}`,
`area{id,name}`, `experience{id}`, `schedule{id}` (or the newer `work_format[{id}]`),
`published_at` and `professional_roles[{id,name}]`. Every other field is ignored. Each usable
item becomes one observation of the frame `read_observations` returns (plus `gross`: True, False
or None when the vacancy does not say); every item left out is counted by reason.

Size: at most MAX_FILE_BYTES (20 MB, the limit of every upload) and MAX_ITEMS items (design
choice: a bound on memory and fitting time, twice the 50,000 observations the fit is measured
on). The structure is validated (pydantic); a bad field is reported as `file, field items.3.salary.from: message`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from smm_eval.errors import InputError, Problem, problems_from_validation
from smm_eval.files.json_files import read_json
from smm_eval.files.observations import salary_points
from smm_eval.files.tables import MAX_FILE_BYTES

MAX_ITEMS = 100_000
# hh.ru's currency dictionary says RUR for the rouble; ISO 4217 says RUB.
CURRENCY_CODES = {"RUR": "RUB"}
# experience.id -> career level (design choice: hh.ru's buckets are years of experience, ours
# are levels; a vacancy asking for no experience is a paid junior post, 1-3 years a middle one).
EXPERIENCE_LEVELS = {"noExperience": "junior", "between1And3": "middle", "between3And6": "senior", "moreThan6": "lead"}
# schedule.id / work_format[].id -> work format; shift work and fly-in-fly-out have no equivalent.
SCHEDULE_FORMATS = {"fullDay": "office", "flexible": "hybrid", "remote": "remote"}
WORK_FORMAT_IDS = {"ON_SITE": "office", "HYBRID": "hybrid", "REMOTE": "remote"}
# professional_roles[].id -> role (hh.ru's /professional_roles, category "Маркетинг, реклама, PR").
PROFESSIONAL_ROLES = {
    "3": "smm_manager",  # SMM-менеджер, контент-менеджер
    "68": "smm_marketer",  # Менеджер по маркетингу, интернет-маркетолог
    "163": "smm_analyst",  # Маркетолог-аналитик
    "170": "head_of_smm",  # Руководитель отдела маркетинга и рекламы
    "37": "head_of_smm",  # Директор по маркетингу и PR (CMO)
}
MOSCOW, ST_PETERSBURG = "1", "2"  # area ids
# Russia's cities of a million or more people besides Moscow and St Petersburg, as hh.ru names them
# (Rosstat's population estimates of 2024; list written from memory, to check against Rosstat).
MILLION_CITIES = frozenset(
    {
        "Новосибирск", "Екатеринбург", "Казань", "Нижний Новгород", "Красноярск", "Челябинск", "Самара",
        "Уфа", "Ростов-на-Дону", "Краснодар", "Омск", "Воронеж", "Пермь", "Волгоград",
    }
)  # fmt: skip
DROP_REASONS = ("no_salary", "currency", "bad_range", "role", "experience", "work_format")

Text = Annotated[str, Field(min_length=1, max_length=200)]
Amount = Annotated[float, Field(gt=0, lt=1e9, allow_inf_nan=False)]


class _Ref(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: Annotated[str, Field(min_length=1, max_length=64, coerce_numbers_to_str=True)]
    name: Text | None = None


class _Salary(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    low: Amount | None = Field(default=None, alias="from")
    to: Amount | None = None
    currency: Annotated[str, Field(min_length=1, max_length=8)] | None = None
    gross: bool | None = None


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore")
    salary: _Salary | None = None
    area: _Ref
    experience: _Ref | None = None
    schedule: _Ref | None = None
    work_format: list[_Ref] = []
    published_at: datetime
    professional_roles: list[_Ref] = []


class _Page(BaseModel):
    model_config = ConfigDict(extra="ignore")
    items: Annotated[list[_Item], Field(max_length=MAX_ITEMS)]


@dataclass(frozen=True)
class HhImport:
    """What an hh.ru file gave: the observations and every item left out, by reason.

    `observations` has the columns of `read_observations` plus `gross`; `dropped` counts items
    per DROP_REASONS entry (zero counts included); `items` is the number of items in the file.
    """

    observations: pd.DataFrame
    items: int
    dropped: dict[str, int]


def _region(area: _Ref) -> str:
    if area.id == MOSCOW:
        return "moscow"
    if area.id == ST_PETERSBURG:
        return "st_petersburg"
    return "million_city" if area.name in MILLION_CITIES else "other_region"


def _work_format(item: _Item) -> str | None:
    if item.schedule is not None:
        return SCHEDULE_FORMATS.get(item.schedule.id)
    formats = {WORK_FORMAT_IDS.get(f.id) for f in item.work_format} - {None}
    return formats.pop() if len(formats) == 1 else None


def _row(item: _Item, currency: str, roles: tuple[str, ...]) -> dict[str, Any] | str:
    """The observation of one item, or the reason it is left out."""
    pay = item.salary
    if pay is None or (pay.low is None and pay.to is None):
        return "no_salary"
    if CURRENCY_CODES.get(pay.currency or "", pay.currency) != currency:
        return "currency"
    if pay.low is not None and pay.to is not None and pay.low > pay.to:
        return "bad_range"
    role = next((PROFESSIONAL_ROLES[r.id] for r in item.professional_roles if r.id in PROFESSIONAL_ROLES), None)
    if role is None or role not in roles:
        return "role"
    level = EXPERIENCE_LEVELS.get(item.experience.id) if item.experience else None
    if level is None:
        return "experience"
    work_format = _work_format(item)
    if work_format is None:
        return "work_format"
    return {
        "salary_from": pay.low, "salary_to": pay.to, "currency": currency, "region": _region(item.area),
        "level": level, "work_format": work_format, "role": role, "date": item.published_at.date(),
        "experience_years": np.nan, "gross": pay.gross,
    }  # fmt: skip


def _validated(data: bytes, source: str, max_bytes: int | None) -> _Page:
    if max_bytes is not None and len(data) > max_bytes:
        limit = f"{max_bytes // (1024 * 1024)} MB"
        raise InputError([Problem(source, f"is larger than {limit}", code="files.too_large", params={"limit": limit})])
    document = read_json(data, source, "hh.ru vacancies (a JSON object with 'items')")
    if not isinstance(document, dict):
        message = "must be a JSON object with 'items', as hh.ru's vacancy search returns it"
        raise InputError([Problem(source, message, column_name="items", code="files.hh_not_object")])
    try:
        return _Page.model_validate(document)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, source)) from exc


def read_hh_vacancies(
    data: bytes, source: str, roles: tuple[str, ...], currency: str = "RUB", max_bytes: int | None = MAX_FILE_BYTES
) -> HhImport:
    """Read hh.ru-style vacancies as salary observations; every item left out counted by reason.

    Parameters
    ----------
    data, source
        The file's bytes and its name (for messages).
    roles
        The role ids an observation may name; a professional role mapped to another id is dropped.
    currency
        The market's ISO currency: items quoted in another currency are dropped ("currency").
    max_bytes
        Largest accepted file; None for no limit (the command line).

    Returns
    -------
    HhImport
        Observations (amounts monthly, as hh.ru quotes them; `salary` the point fitted on, as in
        `salary_points`; `line` the item's position, 1-based) and the dropped counts.

    Raises
    ------
    InputError
        Too large, not UTF-8 JSON, not an object with `items`, more than MAX_ITEMS items, or a
        field of the wrong type (named by its path, e.g. items.3.salary.from); or no item usable.
    """
    page = _validated(data, source, max_bytes)
    rows, dropped = [], Counter({reason: 0 for reason in DROP_REASONS})
    for i, item in enumerate(page.items, start=1):
        row = _row(item, currency, roles)
        if isinstance(row, str):
            dropped[row] += 1
        else:
            rows.append({**row, "line": i})
    if not rows:
        counts = ", ".join(f"{reason} {n}" for reason, n in dropped.items() if n)
        message = f"no vacancy is usable ({len(page.items)} items; left out: {counts})"
        params = {"items": len(page.items), "counts": counts}
        raise InputError([Problem(source, message, code="files.hh_none_usable", params=params)])
    frame = pd.DataFrame(rows)
    frame["salary"] = salary_points(frame["salary_from"], frame["salary_to"])
    return HhImport(frame, len(page.items), dict(dropped))
