"""The look every chart shares: one fixed colour per block, the series colours, and the number and
date locale of each language (Vega's `config.locale`).

Colours come from one palette, Okabe and Ito's "Color Universal Design" set (Okabe & Ito 2008,
https://jfly.uni-koeln.de/color/; recommended for colour-blind readers by Wong 2011, "Points of
view: Color blindness", Nature Methods 8:441). A block's colour is looked up by the block's id, never
by the order of its translated label, so it is the same in every view and every language.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from smm_eval.i18n import _LOCALES as BABEL_LOCALES  # the one language -> Babel locale table

# Okabe-Ito, in their published order (black, orange, sky blue, bluish green, yellow, blue, vermillion,
# reddish purple). Yellow (#F0E442) is left out of lines and small marks: too pale on white.
OKABE_ITO = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
# Design choice: which block gets which colour (any fixed assignment would do; these keep the
# five blocks far apart in hue and none pale).
BLOCK_COLORS: dict[str, str] = {
    "marketing": "#0072B2",
    "management": "#E69F00",
    "smm": "#009E73",
    "analytics": "#CC79A7",
    "creative": "#D55E00",
}
# Profiles on a radar (at most 6 are compared): the six strong Okabe-Ito hues; the target is black
# and dashed, so it is told apart by both colour and line style.
SERIES_COLORS = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9")
TARGET_COLOR = "#000000"
TARGET_DASH = (6, 4)
# Identical profiles draw one line over the other (issue 15: one seemed missing). Each series has
# its own dash, a stroke narrower than the one before it and its own point shape, drawn in this
# order, so a profile laid exactly over another still shows as a narrow line of another dash inside
# a wider one, and its points as another shape inside the first's (design choice).
SERIES_DASHES = ((1, 0), (10, 4), (3, 3), (12, 3, 3, 3), (6, 2), (2, 6))
SERIES_WIDTHS = (6.0, 4.8, 3.8, 3.0, 2.4, 1.8)
SERIES_SHAPES = ("circle", "square", "diamond", "triangle-up", "cross", "triangle-down")
SERIES_POINT_SIZES = (260, 190, 140, 100, 70, 45)
TARGET_WIDTH = 2.5
TARGET_POINT_SIZE = 60
_SPARE = ("#56B4E9", "#000000", "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7")


def block_color(block_id: str) -> str:
    """The colour of a block, from its id: fixed for the five framework blocks; another id gets a
    palette colour chosen by a CRC-32 of the id (stable across runs and languages).

    >>> block_color("smm"), block_color("smm") == block_color("smm")
    ('#009E73', True)
    """
    known = BLOCK_COLORS.get(block_id)
    return known if known is not None else _SPARE[zlib.crc32(block_id.encode("utf-8")) % len(_SPARE)]


def block_scale(block_ids: Sequence[str], labels: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """A colour scale's domain and range mapping each block's label to its block colour.

    Parameters
    ----------
    block_ids : the blocks drawn, in the order the legend lists them.
    labels : block id -> label shown (translated); a missing label is the id itself.

    Returns
    -------
    ([label, ...], ["#rrggbb", ...]), one entry per block, same order: a Vega-Lite scale's
    `domain` and `range`.

    >>> block_scale(["creative", "smm"], {"creative": "Creatividad"})
    (['Creatividad', 'smm'], ['#D55E00', '#009E73'])
    """
    return [labels.get(b, b) for b in block_ids], [block_color(b) for b in block_ids]


@lru_cache(maxsize=8)
def vega_locale(lang: str) -> dict[str, Any]:
    """Vega's number and time format locale for `lang` (d3-format / d3-time-format locale objects),
    built from Babel's CLDR data: the same decimal mark, thousands mark and month and day names as
    the page text.

    Parameters
    ----------
    lang : a language of `smm_eval.i18n` ("en", "es"); an unknown one gets English.

    Returns
    -------
    {"number": {...}, "time": {...}}, for a spec's `config.locale`. d3 groups every number of four
    or more digits, where CLDR's Spanish leaves four-digit numbers ungrouped (1500, not 1.500).

    Source: d3-format and d3-time-format locale definitions
    (https://github.com/d3/d3-format#formatLocale, https://github.com/d3/d3-time-format#timeFormatLocale).
    """
    from babel.dates import get_day_names, get_month_names
    from babel.numbers import get_decimal_symbol, get_group_symbol

    locale = BABEL_LOCALES.get(lang, BABEL_LOCALES["en"])
    sunday_first = [6, 0, 1, 2, 3, 4, 5]  # Babel numbers days from Monday (0); d3 lists them from Sunday
    days, short_days = get_day_names("wide", locale=locale), get_day_names("abbreviated", locale=locale)
    months, short_months = get_month_names("wide", locale=locale), get_month_names("abbreviated", locale=locale)
    day_first = lang != "en"
    return {
        "number": {
            "decimal": get_decimal_symbol(locale),
            "thousands": get_group_symbol(locale),
            "grouping": [3],
            "currency": ["", ""],
        },
        "time": {
            "dateTime": "%A, %e %B %Y, %X" if day_first else "%A, %B %e, %Y, %X",
            "date": "%d/%m/%Y" if day_first else "%m/%d/%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": [days[i] for i in sunday_first],
            "shortDays": [short_days[i] for i in sunday_first],
            "months": [months[i] for i in range(1, 13)],
            "shortMonths": [short_months[i] for i in range(1, 13)],
        },
    }


def localized(spec: dict[str, Any], lang: str) -> dict[str, Any]:
    """A copy of a Vega-Lite spec (a chart's `to_dict()`) with `config.locale` set for `lang`:
    axis labels, text marks and tooltips then format numbers and dates in that language."""
    config = {**spec.get("config", {}), "locale": vega_locale(lang)}
    return {**spec, "config": config}
