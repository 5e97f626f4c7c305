"""One person's answers as tidy ratings, shared by the scoring tests."""

from __future__ import annotations

import pandas as pd

from smm_eval.scoring import answers_to_ratings


def one_person(answers: dict[str, int | None], person: str = "ana") -> pd.DataFrame:
    return answers_to_ratings(answers, person=person)
