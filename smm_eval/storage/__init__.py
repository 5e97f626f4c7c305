"""The workspace storage: the one package that talks to the database.

Nothing outside this package imports SQLAlchemy or the ORM models; everything else calls the
functions re-exported here (`from smm_eval import storage; storage.create_vacancy(session, ...)`).
Functions take a SQLAlchemy session from `Database.transaction()`; the caller owns the
transaction, so everything that belongs together commits together or not at all.

Module map
----------
engine            engine, WAL, migrations on open, `Database`, `DatabaseUnavailableError`, `too_many_parameters`
models            the ORM tables (the schema is created only by `migrations/`, Alembic)
locking           `ConflictError` (who saved in between, when), `NotFoundError`, the versioned-update check, the clock
vacancies         vacancies: create, edit, find, list, spec and profile of one
candidates        candidates and applications (codes, attach, hiring stage and its dated history)
scorecards        one rater's scorecard of one candidate
assignments       interviewers assigned to applications, team leads, vacancy owners (record scope)
scorecard_drafts  a rater's unsubmitted scorecard, kept until submitted or discarded
self_assessments  self-assessments, kept apart from interviewers' ratings; listed, reopened, deleted
invitations       invitation links (hash only), their status, revoking and the single use (`claim_invitation`)
salary_datasets   uploaded salary observations with their fitted model
teams             teams, members and dated ratings
read_models       the tidy frames pages and the CLI show
bulk_import       `import_ratings` of a ratings file, in named steps
audit             the append-only audit trail: `record` a change (in its transaction), list events
versions          data versions of vacancies and teams, moved on by every audited change (pages' cache keys)
backup            backup, restore, emptiness check and checksum of the whole workspace
lifecycle         one candidate's data: its export document, erasure to a tombstone, anonymisation
backup_checks     every row of a backup checked like an import before a restore writes anything

Lazy re-exports (PEP 562): importing this package loads no submodule; each name loads its module on
first use, so the app's first page does not pay for the ORM models, pandas or Alembic it does not
touch (issue 17, item 5). Type checkers see the plain imports below.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smm_eval.storage.assignments import (
        application_vacancy,
        assigned_applications,
        assigned_interviewers,
        led_team_ids,
        owned_vacancy_ids,
        set_assignments,
        set_owner,
        set_team_leads,
        submitted_by_user,
        team_leads,
    )
    from smm_eval.storage.audit import EventFilter, actor_names, list_events, record
    from smm_eval.storage.backup import BACKUP_FORMAT, backup, checksum, is_empty, restore
    from smm_eval.storage.bulk_import import ImportSummary, import_ratings
    from smm_eval.storage.candidates import (
        add_candidate,
        application_of,
        attach,
        set_stage,
        stage_history,
        vacancies_of,
    )
    from smm_eval.storage.engine import (
        MIGRATIONS,
        Database,
        DatabaseUnavailableError,
        current_revision,
        describe,
        head_revision,
        make_engine,
        open_database,
        too_many_parameters,
        upgrade_schema,
    )
    from smm_eval.storage.exports_import import import_exports, self_assessment_rows
    from smm_eval.storage.locking import ConflictError, NotFoundError, now
    from smm_eval.storage.models import (
        TABLES_IN_ORDER,
        Application,
        AuditEvent,
        Base,
        Candidate,
        SalaryDataset,
        SalaryObservation,
        Scorecard,
        ScorecardDraft,
        SelfAssessmentRecord,
        StageChangeRecord,
        Team,
        TeamMember,
        TeamRating,
        Vacancy,
    )
    from smm_eval.storage.read_models import applications_frame, ratings_for_vacancy, scorecards_frame, team_data
    from smm_eval.storage.salary_datasets import (
        OBSERVATION_FIELDS,
        dataset_by_digest,
        delete_salary_dataset,
        list_salary_datasets,
        rename_salary_dataset,
        salary_observations,
        save_salary_dataset,
        store_model,
        stored_model,
    )
    from smm_eval.storage.scorecard_drafts import delete_draft, find_draft, save_draft
    from smm_eval.storage.scorecards import find_scorecard, save_scorecard
    from smm_eval.storage.self_assessments import (
        delete_self_assessment,
        get_self_assessment,
        latest_self_assessments,
        list_self_assessments,
        save_self_assessment,
    )
    from smm_eval.storage.teams import import_team, list_teams
    from smm_eval.storage.vacancies import (
        create_vacancy,
        find_vacancy,
        get_vacancy,
        list_vacancies,
        profile_of,
        spec_of,
        update_vacancy,
    )
    from smm_eval.storage.versions import team_version, touch_teams, touch_vacancies, vacancy_version

# name -> the submodule of this package that defines it
_EXPORTS: dict[str, str] = {
    "application_vacancy": "assignments",
    "assigned_applications": "assignments",
    "assigned_interviewers": "assignments",
    "led_team_ids": "assignments",
    "owned_vacancy_ids": "assignments",
    "set_assignments": "assignments",
    "set_owner": "assignments",
    "set_team_leads": "assignments",
    "submitted_by_user": "assignments",
    "team_leads": "assignments",
    "EventFilter": "audit",
    "actor_names": "audit",
    "list_events": "audit",
    "record": "audit",
    "BACKUP_FORMAT": "backup",
    "backup": "backup",
    "checksum": "backup",
    "is_empty": "backup",
    "restore": "backup",
    "ImportSummary": "bulk_import",
    "import_ratings": "bulk_import",
    "add_candidate": "candidates",
    "application_of": "candidates",
    "attach": "candidates",
    "set_stage": "candidates",
    "stage_history": "candidates",
    "vacancies_of": "candidates",
    "Database": "engine",
    "DatabaseUnavailableError": "engine",
    "MIGRATIONS": "engine",
    "current_revision": "engine",
    "describe": "engine",
    "head_revision": "engine",
    "make_engine": "engine",
    "open_database": "engine",
    "too_many_parameters": "engine",
    "upgrade_schema": "engine",
    "import_exports": "exports_import",
    "self_assessment_rows": "exports_import",
    "ConflictError": "locking",
    "NotFoundError": "locking",
    "now": "locking",
    "Application": "models",
    "AuditEvent": "models",
    "Base": "models",
    "Candidate": "models",
    "SalaryDataset": "models",
    "SalaryObservation": "models",
    "Scorecard": "models",
    "ScorecardDraft": "models",
    "SelfAssessmentRecord": "models",
    "StageChangeRecord": "models",
    "TABLES_IN_ORDER": "models",
    "Team": "models",
    "TeamMember": "models",
    "TeamRating": "models",
    "Vacancy": "models",
    "applications_frame": "read_models",
    "ratings_for_vacancy": "read_models",
    "scorecards_frame": "read_models",
    "team_data": "read_models",
    "OBSERVATION_FIELDS": "salary_datasets",
    "dataset_by_digest": "salary_datasets",
    "delete_salary_dataset": "salary_datasets",
    "list_salary_datasets": "salary_datasets",
    "rename_salary_dataset": "salary_datasets",
    "salary_observations": "salary_datasets",
    "save_salary_dataset": "salary_datasets",
    "store_model": "salary_datasets",
    "stored_model": "salary_datasets",
    "delete_draft": "scorecard_drafts",
    "find_draft": "scorecard_drafts",
    "save_draft": "scorecard_drafts",
    "find_scorecard": "scorecards",
    "save_scorecard": "scorecards",
    "delete_self_assessment": "self_assessments",
    "get_self_assessment": "self_assessments",
    "latest_self_assessments": "self_assessments",
    "list_self_assessments": "self_assessments",
    "save_self_assessment": "self_assessments",
    "import_team": "teams",
    "list_teams": "teams",
    "create_vacancy": "vacancies",
    "find_vacancy": "vacancies",
    "get_vacancy": "vacancies",
    "list_vacancies": "vacancies",
    "profile_of": "vacancies",
    "spec_of": "vacancies",
    "update_vacancy": "vacancies",
    "team_version": "versions",
    "touch_teams": "versions",
    "touch_vacancies": "versions",
    "vacancy_version": "versions",
}


def __getattr__(name: str) -> Any:
    """Load a re-exported name from its submodule on first use (PEP 562) and keep it here."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


class _Package(types.ModuleType):
    """This package, keeping a re-exported function whose name is also a submodule's (`backup`).

    Python's import system binds a submodule to its package's attribute when it first loads; the
    eager imports this file once had rebound the function over it afterwards. Loaded lazily, the
    submodule may come first (another module imports it), so the binding is refused here instead.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in _EXPORTS and _EXPORTS[name] == name:
            return  # `storage.backup` stays the function; the module is `sys.modules[...]`
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "BACKUP_FORMAT",
    "MIGRATIONS",
    "OBSERVATION_FIELDS",
    "TABLES_IN_ORDER",
    "Application",
    "AuditEvent",
    "Base",
    "Candidate",
    "ConflictError",
    "Database",
    "DatabaseUnavailableError",
    "EventFilter",
    "ImportSummary",
    "NotFoundError",
    "SalaryDataset",
    "SalaryObservation",
    "Scorecard",
    "ScorecardDraft",
    "SelfAssessmentRecord",
    "StageChangeRecord",
    "Team",
    "TeamMember",
    "TeamRating",
    "Vacancy",
    "actor_names",
    "add_candidate",
    "application_of",
    "application_vacancy",
    "applications_frame",
    "assigned_applications",
    "assigned_interviewers",
    "attach",
    "backup",
    "checksum",
    "create_vacancy",
    "current_revision",
    "dataset_by_digest",
    "delete_draft",
    "delete_salary_dataset",
    "delete_self_assessment",
    "describe",
    "find_draft",
    "find_scorecard",
    "find_vacancy",
    "get_self_assessment",
    "get_vacancy",
    "head_revision",
    "import_exports",
    "import_ratings",
    "import_team",
    "is_empty",
    "latest_self_assessments",
    "led_team_ids",
    "list_events",
    "list_salary_datasets",
    "list_self_assessments",
    "list_teams",
    "list_vacancies",
    "make_engine",
    "now",
    "open_database",
    "owned_vacancy_ids",
    "profile_of",
    "ratings_for_vacancy",
    "record",
    "rename_salary_dataset",
    "restore",
    "salary_observations",
    "save_draft",
    "save_salary_dataset",
    "save_scorecard",
    "save_self_assessment",
    "scorecards_frame",
    "self_assessment_rows",
    "set_assignments",
    "set_owner",
    "set_stage",
    "set_team_leads",
    "spec_of",
    "stage_history",
    "store_model",
    "stored_model",
    "submitted_by_user",
    "team_data",
    "team_leads",
    "team_version",
    "too_many_parameters",
    "touch_teams",
    "touch_vacancies",
    "update_vacancy",
    "upgrade_schema",
    "vacancies_of",
    "vacancy_version",
]
