"""The closed vocabularies of SMM Eval: every list of allowed ids, and the level thresholds.

One home for each: storage, schemas, readers, the CLI and the pages derive their lists from here,
so adding a stage or a status is one edit. Career-level ids are also the ids of
`data/framework.yaml` (`career_levels`); the framework loader checks that the two agree.

Examples
--------
>>> STAGES[0], STAGES[-1]
('new', 'rejected')
>>> is_self_rater(" Autoevaluación ")
True
"""

from __future__ import annotations

from typing import Final

# The competency scale (0..4, docs/model.md): level 3 is "does it alone", level 4 "teaches others".
LEVELS: Final = (0, 1, 2, 3, 4)
INDEPENDENT: Final = 3
EXPERT: Final = 4

# Career levels, lowest first (data/framework.yaml `career_levels`, salary factors `level`).
CAREER_LEVELS: Final = ("trainee", "junior", "middle", "senior", "lead")

# Recruiting.
VACANCY_STATUSES: Final = ("open", "on_hold", "closed")
STAGES: Final = ("new", "screening", "interview", "offer", "hired", "rejected")
RECOMMENDATIONS: Final = ("definitely_not", "no", "yes", "strong_yes")

# Who gave a rating. A rater named like one of SELF_RATER_NAMES (any case, surrounding blanks
# ignored) is the person rating themselves: kept apart from interviewers and managers, never
# averaged in.
RATER_KINDS: Final = ("self", "manager", "interviewer")
SELF_RATER_NAMES: Final = frozenset({"self", "self-assessment", "autoevaluación", "autoevaluacion"})

# Team views of the skills matrix; below PRIVACY_FLOOR people, no view shows self-ratings.
TEAM_VIEWS: Final = ("combined", "manager", "self")
PRIVACY_FLOOR: Final = 3

# Kinds of training in the catalogue (data/training.yaml) and the highest level (0..4) each kind can
# lift a competency to (docs/teams.md, "Caps by kind"). The anchors of data/framework.yaml set the
# caps: level 2 is "does it with a mentor or a checklist", which exercises, a book's checklists or a
# seminar's cases can give; level 3 is "does it alone and reliably, on real projects", shown only by
# doing real work (a reviewed work sample, own practice); level 4 is "leads it, teaches it and
# improves the method", which needs months of feedback from someone already there (mentoring).
TRAINING_KINDS: Final = ("course", "seminar", "book", "community", "work_sample", "practice", "mentoring")
TRAINING_KIND_CAPS: Final = {
    "course": 2,
    "seminar": 2,
    "book": 2,
    "community": 2,
    "work_sample": 3,
    "practice": 3,
    "mentoring": 4,
}

# How a training is given (data/training.yaml `format`).
TRAINING_FORMATS: Final = ("online", "offline", "self_study", "on_the_job")

# Longest accepted text of each candidate field (characters), the same in forms, files and the database.
CANDIDATE_FIELD_LIMITS: Final = {"name": 200, "contact": 200, "source": 100, "notes": 5000}
MAX_PERSON_NAME = CANDIDATE_FIELD_LIMITS["name"]


def is_self_rater(rater: str) -> bool:
    """Whether a rater name means the person rated themselves (see SELF_RATER_NAMES)."""
    return rater.strip().casefold() in SELF_RATER_NAMES
