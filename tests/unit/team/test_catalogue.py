"""The training catalogue and the editor's gain notation."""

from __future__ import annotations

import pytest

from smm_eval.team import load_catalogue, parse_gain


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
