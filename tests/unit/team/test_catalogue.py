"""The training catalogue and the editor's gain notation."""

from __future__ import annotations

import pytest

from smm_eval.errors import InputError
from smm_eval.i18n import Messages
from smm_eval.team import catalogue_from_frame, load_catalogue, parse_gain
from smm_eval.vocabulary import TRAINING_KIND_CAPS, TRAINING_KINDS


def test_catalogue_is_valid_and_every_item_costs_something(framework):
    catalogue = load_catalogue()
    assert catalogue.problems(framework) == []
    assert all(item.cost > 0 for item in catalogue.items)
    names = " ".join(i.name for i in catalogue.items)
    for named in ("Netology", "IKRA", "Involve", "Khalilov", "Kerpen", "Mentoring", "Work-sample", "conference"):
        assert named in names
    assert parse_gain("copywriting+1, seo_basics+2") == {"copywriting": 1, "seo_basics": 2}
    with pytest.raises(ValueError, match="competency\\+levels"):
        parse_gain("copywriting")


def test_every_item_has_a_kind_and_its_cap(framework):
    items = load_catalogue().items
    assert {i.kind for i in items} <= set(TRAINING_KINDS)
    by_id = {i.id: i for i in items}
    assert by_id["netology_targeting"].cap == 2 and by_id["book_optimize"].cap == 2
    assert by_id["work_sample_project"].cap == 3 and by_id["mentoring"].cap == 4
    assert TRAINING_KIND_CAPS == {
        "course": 2,
        "seminar": 2,
        "book": 2,
        "community": 2,
        "work_sample": 3,
        "practice": 3,
        "mentoring": 4,
    }


def test_an_edited_catalogue_names_the_row_and_column_of_a_bad_kind(framework):
    frame = load_catalogue().frame().head(3).copy()
    frame.loc[1, "kind"] = "lecture"
    frame.loc[2, "kind"] = None
    with pytest.raises(InputError) as caught:
        catalogue_from_frame(frame, "RUB", framework, "catalogue")
    problems = caught.value.problems
    assert [(p.line, p.column_name, p.code, dict(p.params)) for p in problems] == [
        (2, "kind", "catalogue.bad_kind", {"value": "lecture"}),
        (3, "kind", "catalogue.bad_kind", {"value": ""}),
    ]
    # The page shows them from the catalogue, in the user's language.
    assert Messages("es").problem(problems[0]) == "«lecture» no es un tipo de formación: elija uno de la lista."
    with pytest.raises(InputError, match="line 2, field kind: kind 'lecture' is not one of course, seminar"):
        catalogue_from_frame(frame.head(2), "RUB", framework, "catalogue")
    assert catalogue_from_frame(load_catalogue().frame(), "RUB", framework, "catalogue") == load_catalogue()


def test_an_edited_row_with_one_name_takes_it_for_both_languages(framework):
    # The Spanish editor shows only `name_es`; a row added there has no English name, and the other way round.
    frame = load_catalogue().frame().head(2).copy()
    frame.loc[0, ["name", "name_es"]] = [None, "Curso nuevo"]
    frame.loc[1, ["name", "name_es"]] = ["New course", "  "]
    edited = catalogue_from_frame(frame, "RUB", framework, "catalogue")
    assert [(i.name, i.name_es) for i in edited.items] == [("Curso nuevo", "Curso nuevo"), ("New course", None)]
    assert [i.label("es") for i in edited.items] == ["Curso nuevo", "New course"]
    assert load_catalogue().items[0].label("es") == "Netology: curso de responsable de SMM"
