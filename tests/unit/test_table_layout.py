"""Column widths that fit a table to its column (issue 15: tables cut or scrolled sideways)."""

from __future__ import annotations

import pandas as pd

from smm_eval.table_layout import CELL_PAD_PX, CHAR_PX, HEADER_PAD_PX, MIN_COLUMN_PX, fitted_widths, natural_widths


def test_a_column_is_as_wide_as_its_header_or_its_longest_cell():
    frame = pd.DataFrame({"Peso": ["20%", "10%"], "Bloque": ["Marketing", "Habilidades SMM especializadas"]})
    widths = natural_widths(frame)
    # "Peso": header 4 x 6.7 + 24 = 50.8 -> 51 (cells "20%": 3 x 6.7 + 16 = 36.1)
    assert widths["Peso"] == round(4 * CHAR_PX + HEADER_PAD_PX) == 51
    # "Habilidades SMM especializadas": 30 x 6.7 + 16 = 217
    assert widths["Bloque"] == round(30 * CHAR_PX + CELL_PAD_PX) == 217


def test_missing_cells_count_as_empty_and_narrow_columns_keep_a_minimum():
    frame = pd.DataFrame({"n": [None, float("nan")]})
    assert natural_widths(frame) == {"n": MIN_COLUMN_PX}


def test_widths_that_fit_are_kept_and_the_widest_are_narrowed_together_otherwise():
    natural = {"a": 100, "b": 300, "c": 500}
    assert fitted_widths(natural, 900) == natural
    # 100 + 2 cap <= 600 -> cap 250; 100 + 250 + 250 = 600
    assert fitted_widths(natural, 600) == {"a": 100, "b": 250, "c": 250}
    # 100 + 2 cap <= 601 -> cap 250 (the cap is whole pixels)
    assert sum(fitted_widths(natural, 601).values()) == 600
