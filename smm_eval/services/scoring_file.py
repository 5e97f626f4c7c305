"""Scoring a ratings file: the `score` command's table and the score-file page's ranking.

Never imports the database layer: the `score` command's start-up time is benchmarked.

Self-ratings follow the one rule of the app (vocabulary.is_self_rater): they are shown beside
the others' ratings, never averaged in. On the score-file page a person rated by others is
scored on those ratings only, with the self-assessment scored on its own beside it; a person
rated only by themselves is scored on their self-ratings (`rated_by` says which).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smm_eval.figures import round_figures
from smm_eval.files.ratings import RatingsTable, read_wide_ratings
from smm_eval.files.tables import BLANK_RECORDS
from smm_eval.files.wide_typed import read_clean_wide
from smm_eval.framework import Framework, RoleProfile
from smm_eval.i18n import Messages, level_text
from smm_eval.scoring import RatingMatrix, ScoreResult, score_profiles
from smm_eval.vocabulary import is_self_rater

SCORE_COLUMNS = ("person", "overall", "fit", "to_rate", "level", "coverage")
EXTRA_COLUMNS = ("overall_low", "overall_high", "confidence", "answered", "raters", "rwg")
LEVEL_COLUMNS = ("level_role", "level_provisional", "level_to_rate", "level_text")
EXPORT_COLUMNS = [
    "person", "overall", "overall_low", "overall_high", "fit", "to_rate", "level", "level_provisional",
    "level_to_rate", "coverage", "raters",
]  # fmt: skip


class UnknownRoleError(ValueError):
    """A role id that is not in the role profiles; the message lists the known ones."""

    def __init__(self, role_id: str, roles: Mapping[str, RoleProfile]) -> None:
        super().__init__(f"unknown role '{role_id}'; choose one of: {', '.join(roles)}")


def score_table(
    data: bytes,
    source: str,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    role_id: str | None,
    lang: str = "en",
) -> pd.DataFrame:
    """The `score` command's table: one row per person, in file order.

    Columns SCORE_COLUMNS, one score 0..100 per block, EXTRA_COLUMNS, LEVEL_COLUMNS (the role the
    level refers to: `role_id`, or without one the person's best-fitting role; whether it is
    provisional, the competencies of that role still to rate, and the level as text in `lang`:
    "Middle (provisional: rate 6 more competencies of this role)"), best_role (only without a
    role: level_role once it is past the coverage gate, empty before), then `rated_by` ("others",
    or "self" for a person nobody else rated) and `self_overall` (the self-assessment's overall
    score beside the others', empty without one), and
    `band_model` (`band_model`: what the bands rest on). A person nobody else rated is a self-view,
    its band widened by the expected self-leniency.
    Self-ratings are never averaged in (`split_self`). Reads without a size limit. A clean wide
    file without a rater column takes the typed fast path (`files.wide_typed.read_clean_wide`,
    straight into the rating matrix); any other goes through the validating reader
    (`files.ratings.read_wide_ratings`): the same table either way. Raises InputError (file,
    line, column) or UnknownRoleError.

    `fit` is empty below the coverage gate (`scoring.COVERAGE_GATE`) and `to_rate` says how many
    more of the role's competencies to rate (without a role: of the closest role, to see a best
    role). Figures are rounded by `smm_eval.figures.round_figures`, the rule every output shares.
    """
    if role_id is not None and role_id not in roles:
        raise UnknownRoleError(role_id, roles)
    role = roles[role_id] if role_id else None
    clean = read_clean_wide(data, framework.competency_ids)
    if clean is not None:  # the typed fast path: no rater column, nothing to validate, no self-ratings
        matrix = RatingMatrix.one_rater(clean.people, clean.levels, clean.competency_ids)
        result = score_profiles(matrix, framework, role, roles=roles, with_top_gap=False)
        self_side = pd.DataFrame({"rated_by": "others", "self_overall": np.full(len(clean.people), np.nan)})
        blank_records = 0
    else:
        table = read_wide_ratings(data, source, framework.competency_ids, max_bytes=None)
        scored, beside = split_self(table)
        result = score_profiles(scored, framework, role, people=table.people, roles=roles, with_top_gap=False)
        self_side = _beside(scored, beside, framework, role, result.people.index)
        blank_records = table.blank_records
    people = result.people
    out = pd.DataFrame({"person": people.index.astype(str)})
    out["overall"] = people["overall"].to_numpy()
    out["fit"] = people["fit"].to_numpy()
    out["to_rate"] = people["to_rate"].to_numpy()
    out["level"] = people["level"].to_numpy()
    out["coverage"] = people["coverage"].to_numpy()
    for block_id in framework.block_ids:
        out[block_id] = result.blocks[block_id].to_numpy()
    for column in EXTRA_COLUMNS:
        out[column] = people[column].to_numpy()
    t = Messages(lang)
    out["level_role"] = people["level_role"].to_numpy()
    out["level_provisional"] = people["level_provisional"].to_numpy()
    out["level_to_rate"] = people["level_to_rate"].to_numpy()
    out["level_text"] = _level_texts(t, people)
    if role_id is None:
        # The best-fitting role past the coverage gate, by the rule the level already used
        # (roles.best_role_codes); empty when the closest role is still below the gate, and then
        # to_rate is what that role still needs.
        settled = ~people["level_provisional"].to_numpy(dtype=bool)
        out["best_role"] = people["level_role"].astype(object).where(settled, None).to_numpy()
        out["to_rate"] = people["level_to_rate"].to_numpy()
    out["rated_by"] = self_side["rated_by"].to_numpy()
    out["self_overall"] = self_side["self_overall"].to_numpy()
    out["band_model"] = band_model(result)
    scores = round_figures(out)
    scores.attrs[BLANK_RECORDS] = blank_records  # the command line notes them
    return scores


def _level_texts(t: Messages, people: pd.DataFrame) -> np.ndarray:
    """`level_text` of each person, written once per distinct (level, provisional, to rate):
    a few dozen texts for any number of people."""
    level_codes = pd.factorize(people["level"], use_na_sentinel=True)[0].astype(np.int64)
    provisional = people["level_provisional"].to_numpy(dtype=bool)
    to_rate = people["level_to_rate"].to_numpy(dtype=np.int64)
    key = ((level_codes + 1) * 2 + provisional) * (int(to_rate.max(initial=0)) + 1) + to_rate
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    texts = [level_text(t, people["level"].iloc[i], bool(provisional[i]), int(to_rate[i])) for i in first]
    return np.asarray(texts, dtype=object)[inverse.reshape(-1)]


def band_model(result: ScoreResult) -> str:
    """What the bands rest on, for the `score` table: "prior" or "estimated from N people"
    (`measurement.RaterComponents`; docs/scoring.md, "Confidence")."""
    components = result.components
    return "prior" if components.source == "prior" else f"estimated from {components.n_people} people"


@dataclass(frozen=True)
class FileScores:
    """A scored ratings file for one role, as the score-file page shows it.

    `result`: scores from the others' ratings (self-ratings only for people nobody else rated);
    `ranking`: result.people best first (fit, then overall, then file order) with `rated_by`
    ("others" or "self") and `self_overall` / `self_fit` (0..100, NaN without a self-assessment
    beside other ratings); `export`: the download table (EXPORT_COLUMNS, rated_by, self_overall,
    one score per block), in ranking order, rounded as every output (`figures.round_figures`).
    """

    result: ScoreResult
    ranking: pd.DataFrame
    export: pd.DataFrame
    blank_records: int = 0  # records of the file skipped as blank (`files.tables.Table.blank_records`)


def _self_mask(ratings: pd.DataFrame) -> pd.Series:
    """Which rows are self-ratings (vocabulary.is_self_rater), judged once per distinct rater."""
    raters = ratings["rater"].astype("category")
    is_self = [is_self_rater(str(name)) for name in raters.cat.categories]
    return pd.Series(np.asarray(is_self, dtype=bool)[raters.cat.codes.to_numpy()] & (raters.cat.codes >= 0).to_numpy(),
                     index=ratings.index)  # fmt: skip


def _beside(scored: pd.DataFrame, beside: pd.DataFrame, framework: Framework, role: RoleProfile | None,
            people: pd.Index) -> pd.DataFrame:  # fmt: skip
    """Per person: `rated_by` ("others" or "self") and `self_overall` / `self_fit` (NaN unless a
    self-assessment stands beside other raters' ratings)."""
    only_self = set(scored.loc[_self_mask(scored), "person"])
    frame = pd.DataFrame(
        {
            "rated_by": np.where(people.isin(list(only_self)), "self", "others"),
            "self_overall": np.nan,
            "self_fit": np.nan,
        },
        index=people,
    )
    if not beside.empty:  # most files have no self-ratings beside others': no second scoring pass
        has_self = people.isin(list(set(beside["person"])))
        own = score_profiles(beside, framework, role, people=list(people)).people
        frame["self_overall"] = own["overall"].where(has_self, np.nan).to_numpy()
        frame["self_fit"] = own["fit"].where(has_self, np.nan).to_numpy()
    return frame


def split_self(table: RatingsTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(ratings to score, self-ratings shown beside): a person's self-ratings are scored with the
    rest only when nobody else rated them; otherwise they are set apart."""
    ratings = table.ratings
    is_self = _self_mask(ratings)
    rated_by_others = set(ratings.loc[~is_self, "person"])
    beside = is_self & ratings["person"].isin(rated_by_others)
    return ratings.loc[~beside], ratings.loc[beside]


def score_file(data: bytes, source: str, framework: Framework, role: RoleProfile) -> FileScores:
    """Score an uploaded wide ratings CSV for `role` (upload size limit applies).

    Raises InputError naming the file, line and column of every problem.
    """
    table = read_wide_ratings(data, source, framework.competency_ids)
    scored, beside = split_self(table)
    result = score_profiles(scored, framework, role, people=table.people)
    people = result.people.join(_beside(scored, beside, framework, role, result.people.index))
    # Rank on fit and overall to 9 decimals: equal profiles can differ in the last bits (BLAS sums
    # rows in different SIMD lanes), and such noise must not break a tie that file order settles.
    people = people.assign(
        _order=np.arange(len(people)), _fit=people["fit"].round(9), _overall=people["overall"].round(9)
    )
    ranking = people.sort_values(["_fit", "_overall", "_order"], ascending=[False, False, True], na_position="last")
    ranking = ranking.drop(columns=["_order", "_fit", "_overall"])
    export = ranking.reset_index(names="person")[[*EXPORT_COLUMNS, "rated_by", "self_overall"]]
    export = export.join(result.blocks.loc[ranking.index].reset_index(drop=True))
    return FileScores(result, ranking, round_figures(export), table.blank_records)
