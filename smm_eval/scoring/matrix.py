"""The rating matrix: tidy ratings combined over raters into one row per person, one column per competency.

Owns the input contract of scoring (`RATING_COLUMNS`, levels whole numbers 0..4, a missing answer is
an absent row or NaN, never a zero) and the per-cell statistics over raters: mean, count, sample
variance, spread, each person's number of distinct raters and share of self-ratings, and the
variance components of the ratings' measurement model (`measurement.components_of`). Everything is counted with
`np.bincount` over integer cell codes: there is no Python loop over people.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smm_eval.scoring.measurement import PRIOR, RaterComponents, components_of
from smm_eval.vocabulary import is_self_rater

RATING_COLUMNS: tuple[str, ...] = ("person", "rater", "competency", "level")

# Up to this many possible keys, counting in an array beats sorting or hashing the keys.
_DENSE_KEYS = 64_000_000


@dataclass(frozen=True)
class RatingMatrix:
    """Ratings combined over raters: one row per person, one column per competency.

    P is the number of people, C the number of competencies; levels are on the 0..4 scale.
    """

    people: pd.Index
    competency_ids: tuple[str, ...]
    mean: np.ndarray  # (P, C) mean level, NaN where nobody answered
    count: np.ndarray  # (P, C) number of raters who answered
    variance: np.ndarray  # (P, C) sample variance across raters, NaN below two raters
    spread: np.ndarray  # (P, C) max - min across raters, NaN below two raters
    raters: np.ndarray  # (P,) distinct raters per person
    # (P,) share of a person's ratings given by the person (vocabulary.is_self_rater); None: nobody
    self_share: np.ndarray | None = None
    # Variance components of the measurement model: estimated from the tidy ratings where there is
    # enough multi-rater data (rating_matrix), else the cited prior (always for from_levels).
    components: RaterComponents = PRIOR

    def levels_frame(self) -> pd.DataFrame:
        """People x competencies: the mean level 0..4, NaN unanswered."""
        return pd.DataFrame(self.mean, index=self.people, columns=list(self.competency_ids))

    @classmethod
    def from_levels(cls, levels: pd.DataFrame, competency_ids: Sequence[str]) -> RatingMatrix:
        """Already combined levels (people x competencies, NaN unrated), taken as one rater each.

        Raises ValueError when a level lies outside 0..4.
        """
        mean = levels.reindex(columns=list(competency_ids)).to_numpy(dtype=float)
        if np.any((mean < 0) | (mean > 4)):
            raise ValueError("levels must be within 0..4")
        count = (~np.isnan(mean)).view(np.uint8)
        # One rater each: no variance or spread anywhere; a read-only NaN view costs no memory.
        nan = np.broadcast_to(np.float64(np.nan), mean.shape)
        return cls(
            pd.Index(levels.index, name="person"),
            tuple(competency_ids),
            mean,
            count,
            nan,
            nan,
            np.ones(len(mean), dtype=np.int32),
        )

    @classmethod
    def one_rater(
        cls, people: Sequence[str] | pd.Index, levels: np.ndarray, competency_ids: Sequence[str]
    ) -> RatingMatrix:
        """The matrix of a wide file without a rater column: one record, one rater, per person.

        Equal, array for array, to `rating_matrix` of that file's tidy ratings with `people` given
        (the typed fast path of the `score` command relies on it, and
        tests/unit/files/test_wide_typed.py checks it), and dtype for dtype except count: 0/1 as
        uint8, a view of the answered mask as `from_levels` has it (an int64 copy cost a tenth of
        a second at 200k people); variance and spread NaN (a read-only view), raters 1 for a person
        with an answer and 0 for one without (int64), no self-ratings, the prior.

        Parameters
        ----------
        people
            The P people in file order, distinct (an Index is taken as it is, renamed "person").
        levels
            (P, C) float64 whole levels 0..4 in `competency_ids` order, NaN unanswered; kept as is.
        competency_ids
            The framework's C competency ids.

        Returns
        -------
        RatingMatrix
            With the prior variance components (`measurement.PRIOR`): nobody has two raters.
        """
        answered = levels == levels  # NaN is not equal to itself
        count = answered.view(np.uint8)
        nan = np.broadcast_to(np.float64(np.nan), levels.shape)  # read-only, as from_levels: no memory
        names = people.rename("person") if isinstance(people, pd.Index) else pd.Index(list(people), name="person")
        return cls(
            names,
            tuple(competency_ids),
            levels,
            count,
            nan,
            nan,
            answered.any(axis=1).astype(np.int64),
        )


def _has_repeats(keys: np.ndarray, bound: int) -> bool:
    """Whether any value of `keys` (integers in 0..bound-1) occurs twice."""
    if len(keys) < 2:
        return False
    if bound <= _DENSE_KEYS:
        return bool(np.bincount(keys, minlength=bound).max() > 1)
    ordered = np.sort(keys)
    return bool((ordered[1:] == ordered[:-1]).any())


def _distinct_per_group(group: np.ndarray, value: np.ndarray, n_groups: int, n_values: int) -> np.ndarray:
    """Number of distinct `value`s in each group 0..n_groups-1."""
    keys = group * n_values + value
    if n_groups * n_values <= _DENSE_KEYS:
        seen = np.bincount(keys, minlength=n_groups * n_values).reshape(n_groups, n_values) > 0
        return seen.sum(axis=1)
    ordered = np.sort(keys)
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return np.bincount(ordered[first] // n_values, minlength=n_groups)


def _checked_levels(frame: pd.DataFrame) -> np.ndarray:
    """The answered rows' levels as floats; ValueError unless each is a whole number 0..4."""
    levels = pd.to_numeric(frame["level"], errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(levels) | (levels < 0) | (levels > 4) | (levels != np.round(levels))
    if bad.any():
        sample = frame.loc[bad, "level"].head(3).tolist()
        raise ValueError(f"levels must be whole numbers 0..4; found {sample}")
    return levels


def _competency_codes(frame: pd.DataFrame, comp_ids: tuple[str, ...]) -> np.ndarray:
    """Each row's index into `comp_ids`; ValueError naming unknown ids."""
    # Factorise first: the lookup then runs on the few distinct ids, not on every row.
    codes, uniques = pd.factorize(frame["competency"], sort=False)
    comp_codes = pd.Index(comp_ids).get_indexer(uniques)[codes] if len(codes) else codes
    if (comp_codes < 0).any():
        unknown = sorted(set(frame["competency"][comp_codes < 0].astype(str)))
        raise ValueError(f"unknown competency ids {unknown[:10]}")
    return comp_codes


def _person_codes(frame: pd.DataFrame, people: Sequence[Hashable] | None) -> tuple[np.ndarray, pd.Index]:
    """Each row's index into the people, and the people (first-seen order unless given)."""
    if people is None:
        person_codes, uniques = pd.factorize(frame["person"], sort=False)
        return person_codes, pd.Index(uniques, name="person")
    people_index = pd.Index(list(people), name="person")
    if people_index.has_duplicates:
        raise ValueError("people must not repeat")
    codes, uniques = pd.factorize(frame["person"], sort=False)
    person_codes = people_index.get_indexer(uniques)[codes] if len(codes) else codes
    if (person_codes < 0).any():
        raise ValueError("ratings name people that are not in `people`")
    return person_codes, people_index


def _rater_codes(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's rater as an integer from 0, and whether it is a self-rating; without a `rater`
    column everyone has one rater, not the person."""
    if "rater" in frame.columns:
        codes, uniques = pd.factorize(frame["rater"], sort=False)  # a missing rater is -1: one more rater
        self_code = np.array([False, *(is_self_rater(str(u)) for u in uniques)])
        return codes.astype(np.int64) + 1, self_code[codes + 1]
    return np.zeros(len(frame), dtype=np.int64), np.zeros(len(frame), dtype=bool)


def rating_matrix(
    ratings: pd.DataFrame, competency_ids: Sequence[str], people: Sequence[Hashable] | None = None
) -> RatingMatrix:
    """Combine tidy ratings into per-person matrices.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Columns person, rater, competency, level (0..4). `rater` may be absent (one rater). Rows
        with a missing level are unanswered and ignored.
    competency_ids : sequence of str
        The framework's competency order (C ids).
    people : sequence of str, optional
        Order of the P people; people without any answer still get a row.

    Returns
    -------
    RatingMatrix
        (P, C) mean, count, sample variance (denominator k - 1) and spread (max - min) over raters;
        each person's share of self-ratings; the variance components estimated from the ratings
        when several raters rated enough people (`measurement.estimate_components`), else the prior.

    Raises
    ------
    ValueError
        A column is missing, a level is not a whole number 0..4, a competency id is unknown, a
        person is not in `people` (or `people` repeats), or the same person, rater and competency
        appear twice.

    Examples
    --------
    >>> r = pd.DataFrame({"person": ["a", "a"], "rater": ["x", "y"],
    ...                   "competency": ["copywriting", "copywriting"], "level": [2, 4]})
    >>> m = rating_matrix(r, ["copywriting", "seo_basics"])
    >>> m.mean.tolist(), m.spread.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ([[3.0, nan]], [[2.0, nan]])
    """
    missing = [c for c in ("person", "competency", "level") if c not in ratings.columns]
    if missing:
        raise ValueError(f"ratings lack column(s) {missing}; expected {list(RATING_COLUMNS)}")
    comp_ids = tuple(competency_ids)
    frame = ratings.loc[ratings["level"].notna()]
    levels = _checked_levels(frame)
    comp_codes = _competency_codes(frame, comp_ids)
    person_codes, people_index = _person_codes(frame, people)
    rater_codes, is_self = _rater_codes(frame)

    n_people, n_comp = len(people_index), len(comp_ids)
    cell = person_codes.astype(np.int64) * n_comp + comp_codes
    n_raters = int(rater_codes.max()) + 1 if len(rater_codes) else 1
    if _has_repeats(cell * n_raters + rater_codes, n_people * n_comp * n_raters):
        raise ValueError("the same person, rater and competency appear more than once")

    size = n_people * n_comp
    count = np.bincount(cell, minlength=size).reshape(n_people, n_comp)
    total = np.bincount(cell, weights=levels, minlength=size).reshape(n_people, n_comp)
    total_sq = np.bincount(cell, weights=levels**2, minlength=size).reshape(n_people, n_comp)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / count, np.nan)
        variance = np.where(count > 1, (total_sq - count * mean**2) / (count - 1), np.nan)
    variance = np.where(variance < 0, 0.0, variance)  # rounding noise
    if count.max(initial=0) > 1:
        high = np.full(size, -np.inf)
        low = np.full(size, np.inf)
        np.maximum.at(high, cell, levels)
        np.minimum.at(low, cell, levels)
        spread = np.where(count > 1, (high - low).reshape(n_people, n_comp), np.nan)
    else:
        spread = np.full((n_people, n_comp), np.nan)
    raters = _distinct_per_group(person_codes.astype(np.int64), rater_codes, n_people, n_raters)
    self_share = None
    if is_self.any():
        with np.errstate(invalid="ignore", divide="ignore"):
            rows = np.bincount(person_codes, minlength=n_people)
            self_share = np.nan_to_num(np.bincount(person_codes, weights=is_self, minlength=n_people) / rows)
    components = PRIOR
    if count.max(initial=0) > 1:
        components = components_of(person_codes, rater_codes, comp_codes, levels, is_self, raters)
    return RatingMatrix(people_index, comp_ids, mean, count, variance, spread, raters, self_share, components)


def answers_to_ratings(answers: Mapping[str, int | None], person: str = "you", rater: str = "self") -> pd.DataFrame:
    """A tidy ratings frame from one person's answers {competency: level 0..4 or None}.

    Returns a frame with the RATING_COLUMNS, one row per answered competency (None is left out).

    >>> answers_to_ratings({"copywriting": 3, "seo_basics": None})["level"].tolist()
    [3]
    """
    items = [(c, lv) for c, lv in answers.items() if lv is not None]
    return pd.DataFrame(
        {
            "person": [person] * len(items),
            "rater": [rater] * len(items),
            "competency": [c for c, _ in items],
            "level": [lv for _, lv in items],
        }
    )
