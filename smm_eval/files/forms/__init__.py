"""Raw spreadsheet and form exports (Google Forms, Microsoft Forms, Typeform; `.csv` and `.xlsx`).

`raw` reads an export into located text cells; `mapping` is the saved, reusable mapping document
(columns to person, rater, date, competencies or ignore; answer words to levels); `suggest`
suggests a mapping from the headers and answers; `apply` turns an export and its mapping into the
wide ratings CSV that every ratings reader validates, with duplicate submissions found and
resolved as the mapping says. docs/formats.md, "Form exports", describes the formats.
"""

from smm_eval.files.forms.apply import Duplicate, MappedRatings, apply_mapping, duplicate_submissions
from smm_eval.files.forms.mapping import FormMapping, mapping_json, normalise_answer, read_mapping, with_choices
from smm_eval.files.forms.raw import MAX_COLUMNS, MAX_ROWS, RawExport, read_export
from smm_eval.files.forms.suggest import FormWords, Suggestion, load_form_words, suggest_level, suggest_mapping

__all__ = [
    "MAX_COLUMNS",
    "MAX_ROWS",
    "Duplicate",
    "FormMapping",
    "FormWords",
    "MappedRatings",
    "RawExport",
    "Suggestion",
    "apply_mapping",
    "duplicate_submissions",
    "load_form_words",
    "mapping_json",
    "normalise_answer",
    "read_export",
    "read_mapping",
    "suggest_level",
    "suggest_mapping",
    "with_choices",
]
