"""The audit trail's values: only the changed fields, JSON-safe, personal fields withheld, shown
readably; no change without an actor."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import numpy as np
import pytest

from smm_eval.access import COMMAND_LINE
from smm_eval.services.audit import change_lines
from smm_eval.storage.audit import WITHHELD, AnonymousChangeError, _withhold, acting, changes, record, safe


def test_changes_keep_only_the_fields_that_differ_as_json():
    old = {"title": "A", "status": "open", "closes": date(2026, 12, 1), "weights": {"smm": 20.0}}
    new = {"title": "A", "status": "paused", "closes": date(2026, 12, 1), "weights": {"smm": 25.0}, "budget": 9}
    assert changes(old, new) == (
        {"status": "open", "weights": {"smm": 20.0}},
        {"status": "paused", "weights": {"smm": 25.0}, "budget": 9},
    )
    assert changes({"a": 1}, {"a": 1}) == ({}, {})


def test_values_are_made_json_safe():
    stamp = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    value = {"at": stamp, "on": date(2026, 1, 2), "tags": {"b", "a"}, "pair": (1, 2), "n": np.int64(3), 4: "x"}
    assert safe(value) == {
        "at": "2026-11-30T12:00:00+00:00", "on": "2026-01-02", "tags": ["a", "b"], "pair": [1, 2], "n": 3, "4": "x"
    }  # fmt: skip


def test_personal_fields_are_withheld_and_empty_ones_shown_empty():
    values = {"name": "Ana Morales", "contact": "", "notes": None, "source": "referral", "expected_salary": 90000}
    assert _withhold("candidate", values) == {
        "name": WITHHELD, "contact": "", "notes": None, "source": "referral", "expected_salary": WITHHELD
    }  # fmt: skip
    assert _withhold("vacancy", {"title": "SMM lead"}) == {"title": "SMM lead"}


def test_no_change_is_recorded_without_an_actor_or_with_an_unknown_kind():
    anonymous = SimpleNamespace(info={})
    with pytest.raises(AnonymousChangeError):
        acting(anonymous)  # type: ignore[arg-type]
    with pytest.raises(AnonymousChangeError):
        record(anonymous, "vacancy", 1, "create")  # type: ignore[arg-type]
    signed = SimpleNamespace(info={"actor": COMMAND_LINE})
    with pytest.raises(ValueError, match="unknown audit entity"):
        record(signed, "vacancies", 1, "create")  # type: ignore[arg-type]


def test_changes_read_one_field_a_line():
    assert change_lines({"stage": "new"}, {"stage": "offer"}) == ["stage: new → offer"]
    assert change_lines(None, {"name": WITHHELD, "rows": 3}, withheld="(withheld)") == [
        "name: (withheld)", "rows: 3"
    ]  # fmt: skip
    assert change_lines({"name": "October"}, None) == ["name: October → ∅"]


def test_changes_name_fields_in_the_readers_language():
    """Issue 15 finding 8: the audit page showed raw keys ("vacancy_title: ..."); the page names
    each field from the catalogue's audit.field.* (Spanish "Título de la vacante")."""
    from smm_eval.i18n import Messages

    t = Messages("es")
    label = lambda f: t(f"audit.field.{f}")  # noqa: E731  (what pages/audit.py passes, minus its fallback)
    lines = change_lines({"budget_max": 120000}, {"budget_max": 150000, "vacancy_title": "SMM"}, label=label)
    assert lines == ["Presupuesto hasta: 120000 → 150000", "Título de la vacante: SMM"]
