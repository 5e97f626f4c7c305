"""How a scorecard's levels are stored (migration 0014): one text per scorecard, one character per
competency in the fixed order `STORED_COMPETENCIES`, '0'..'4' the level and '-' not answered; the
evidence beside it as JSON holding only the non-empty texts ({competency id: text}).

This module owns the encoding both ways: one scorecard (`encode_levels`, `decode_levels`), a
validated rating matrix at once (`level_texts`, vectorised for imports), and the tidy rows the read
models, exports and backups show (`levels_long`), one per answered competency in competency-id
order, as the `scorecard_items` rows of revisions before 0014 came.

The order is a storage contract (design choice): positions never move, a competency added to the
framework is appended here, and tests/unit/storage/test_levels.py holds data/framework.yaml's
competency ids to this tuple (so a stored text is never read against another order).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

STORED_COMPETENCIES: Final = (
    "brand_strategy",
    "competitive_analysis",
    "consumer_insights",
    "audience_segmentation",
    "audience_dialogue",
    "project_planning",
    "team_tasking",
    "documentation",
    "negotiation",
    "kpi_setting",
    "platform_knowledge",
    "community_setup",
    "trend_tracking",
    "ad_setup",
    "community_management",
    "seo_basics",
    "campaign_costing",
    "channel_selection",
    "engagement_metrics",
    "tool_effectiveness",
    "campaign_analysis",
    "copywriting",
    "recurring_activities",
    "visual_content",
    "content_planning",
)
NOT_ANSWERED: Final = "-"
POSITION: Final = {c: i for i, c in enumerate(STORED_COMPETENCIES)}
# Positions in competency-id order: the order the rows of the older `scorecard_items` came in.
ID_ORDER: Final = np.array(sorted(range(len(STORED_COMPETENCIES)), key=lambda i: STORED_COMPETENCIES[i]))
_DASH: Final = ord(NOT_ANSWERED)
_ZERO: Final = ord("0")


def encode_levels(levels: Mapping[str, int]) -> str:
    """The stored text of one scorecard's levels ({competency id: level 0..4}).

    Returns
    -------
    str
        `len(STORED_COMPETENCIES)` characters: the level's digit at the competency's position,
        '-' where the scorecard gives no level.

    Raises
    ------
    ValueError
        A competency outside `STORED_COMPETENCIES` or a level outside 0..4 (callers validate
        against the framework first; this guards the storage contract).
    """
    out = [NOT_ANSWERED] * len(STORED_COMPETENCIES)
    for competency, level in levels.items():
        if competency not in POSITION or not 0 <= int(level) <= 4:
            raise ValueError(f"cannot store level {level!r} of competency {competency!r}")
        out[POSITION[competency]] = str(int(level))
    return "".join(out)


def decode_levels(text: str) -> dict[str, int]:
    """One scorecard's levels back from its stored text: {competency id: level}, in competency-id
    order (the answered ones only)."""
    return {STORED_COMPETENCIES[i]: int(text[i]) for i in ID_ORDER if text[i] != NOT_ANSWERED}


def level_texts(matrix: npt.NDArray[np.integer[Any]], competencies: Sequence[str]) -> list[str]:
    """Stored texts of many scorecards at once, from a rating matrix (vectorised, for imports).

    Parameters
    ----------
    matrix
        Shape (scorecards, len(competencies)), levels 0..4, negative where not answered.
    competencies
        The matrix's column ids, each in `STORED_COMPETENCIES`.

    Returns
    -------
    list of str
        One text per matrix row, as `encode_levels` writes it.
    """
    codes = np.full((matrix.shape[0], len(STORED_COMPETENCIES)), _DASH, dtype=np.uint8)
    columns = np.array([POSITION[c] for c in competencies], dtype=np.int64)
    codes[:, columns] = np.where(matrix >= 0, matrix + _ZERO, _DASH).astype(np.uint8)
    width = len(STORED_COMPETENCIES)
    joined = codes.tobytes().decode("ascii")
    return [joined[i : i + width] for i in range(0, len(joined), width)]


def levels_long(texts: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.object_], npt.NDArray[np.int64]]:
    """Stored texts as tidy rows, one per answered competency, in competency-id order per text.

    Returns
    -------
    tuple of arrays
        (row: index into `texts`, competency id, level 0..4), each of the same length.
    """
    width = len(STORED_COMPETENCIES)
    if not texts:
        return np.zeros(0, np.int64), np.array([], dtype=object), np.zeros(0, np.int64)
    codes = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8).reshape(len(texts), width)[:, ID_ORDER]
    rows, columns = np.nonzero(codes != _DASH)
    names = np.array(STORED_COMPETENCIES, dtype=object)[ID_ORDER]
    return rows.astype(np.int64), names[columns], (codes[rows, columns].astype(np.int64) - _ZERO)
