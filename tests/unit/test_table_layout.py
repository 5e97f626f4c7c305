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


def test_a_narrowed_column_wraps_its_text_in_taller_rows_instead_of_cutting_it():
    from smm_eval.table_layout import LINE_PX, ROW_PAD_PX, WRAP_MIN_ROW_PX, fitted_layout, lines_needed

    why = "70% · demasiado ajustado para decidir"  # 37 characters: 37 x 6.7 + 16 = 264 px natural
    frame = pd.DataFrame({"Por encima del siguiente": [why], "n": [2]})
    widths, row_height = fitted_layout(frame, 200)
    # 200 - 36 ("n") = 164 px for the text; the header (24 x 6.7 + 24 = 184.8 -> 185) does not fit
    # both columns (185 + 36 > 200), so the header floor is not applied: 164 px.
    assert widths == {"Por encima del siguiente": 164, "n": 36}
    # (164 - 16) / 6.7 x 0.9 = 19.9 -> 19 characters a line: "70% · demasiado" (15),
    # "ajustado para" (13), "decidir" (7): 3 lines x 20 + 14 = 74 px.
    assert lines_needed(why, 164) == 3
    assert row_height == 3 * LINE_PX + ROW_PAD_PX == 74
    # Two lines would still be taller than Streamlit's 4rem, below which it never wraps.
    assert fitted_layout(pd.DataFrame({"a": ["word " * 5]}), 50)[1] >= WRAP_MIN_ROW_PX


def test_a_table_that_fits_keeps_one_line_rows_and_headers_are_not_narrowed_below_their_text():
    from smm_eval.table_layout import fitted_layout

    assert fitted_layout(pd.DataFrame({"Name": ["Ana"]}), 900) == ({"Name": 51}, None)
    # Natural: "Header of twenty chars" 22 x 6.7 + 24 = 171.4 -> 171 (its cell "1" is narrower);
    # "Why" 100 x 6.7 + 16 = 686. The common cap alone (2 x cap <= 250: 125) would cut the header;
    # the headers fit (171 + 3 x 6.7 + 24 = 215 <= 250), so it keeps 171 and "Why" gets 250 - 171 = 79.
    frame = pd.DataFrame({"Header of twenty chars": ["1"], "Why": ["x" * 100]})
    assert fitted_widths(natural_widths(frame), 250) == {"Header of twenty chars": 125, "Why": 125}
    widths, row_height = fitted_layout(frame, 250)
    assert widths == {"Header of twenty chars": 171, "Why": 79}
    # 79 px: (79 - 16) / 6.7 x 0.9 = 8.5 -> 8 characters a line; 100 -> 13 lines x 20 + 14 = 274.
    assert row_height == 274


def test_a_short_figure_and_its_unit_get_room_for_their_wider_characters():
    # Issue 15: "100 %" wrapped into "100" over "%" in the compare ranking's Fit column.
    frame = pd.DataFrame({"Fit": ["100 %", "85 %"]})
    # "100 %": 5 x 9.0 = 45 px (short texts: SHORT_CHAR_PX a character) + 16 padding = 61 px; the
    # header "Fit" 3 x 6.7 + 24 = 44.1. At 6.7 px a character it was 5 x 6.7 + 16 = 49.5 -> 50 px.
    assert natural_widths(frame) == {"Fit": 61}
    # A long text is still measured at CHAR_PX: 20 x 6.7 + 16 = 150 px.
    assert natural_widths(pd.DataFrame({"Name": ["x" * 20]})) == {"Name": 150}
