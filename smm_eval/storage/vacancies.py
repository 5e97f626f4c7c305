"""Vacancies: create, edit (optimistically locked), find and list them, and read one back as the
spec and the role profile the scoring needs.

Functions take a SQLAlchemy session; the caller owns the transaction (`Database.transaction`).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from smm_eval.errors import InputError, Problem
from smm_eval.framework import Framework, RoleProfile
from smm_eval.recruiting import vacancy_profile
from smm_eval.schemas import VacancySpec
from smm_eval.storage.audit import record, record_changes
from smm_eval.storage.locking import NotFoundError, check_updated, now
from smm_eval.storage.models import Vacancy


def _check_vacancy(spec: VacancySpec, framework: Framework, roles: Mapping[str, RoleProfile]) -> None:
    errors = spec.problems(framework, roles)
    if errors:
        raise InputError(errors)


def create_vacancy(
    session: Session, spec: VacancySpec, framework: Framework, roles: Mapping[str, RoleProfile]
) -> Vacancy:
    """Save a new vacancy at version 1.

    Raises
    ------
    InputError
        The spec breaks a framework rule (weights, targets, knock-outs, budget), or a vacancy with
        this title exists already.
    """
    _check_vacancy(spec, framework, roles)
    if session.scalar(select(Vacancy.id).where(Vacancy.title == spec.title)) is not None:
        message = "a vacancy with this title exists already"
        raise InputError(
            [Problem(f"vacancy '{spec.title}'", message, code="vacancy.title_taken", params={"title": spec.title})]
        )
    stamp = now()
    vacancy = Vacancy(**spec.model_dump(), version=1, created_at=stamp, updated_at=stamp)
    session.add(vacancy)
    session.flush()
    record(session, "vacancy", vacancy.id, "create", None, spec.model_dump())
    return vacancy


def update_vacancy(
    session: Session,
    vacancy_id: int,
    expected_version: int,
    spec: VacancySpec,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
) -> Vacancy:
    """Save a vacancy edited from `expected_version`; returns it at its new version.

    Raises
    ------
    InputError
        The spec is invalid, or another vacancy has its title.
    ConflictError
        Someone saved the vacancy after `expected_version`.
    NotFoundError
        The vacancy no longer exists.
    """
    _check_vacancy(spec, framework, roles)
    clash = session.scalar(select(Vacancy.id).where(Vacancy.title == spec.title, Vacancy.id != vacancy_id))
    if clash is not None:
        message = "another vacancy has this title"
        raise InputError(
            [Problem(f"vacancy '{spec.title}'", message, code="vacancy.title_taken", params={"title": spec.title})]
        )
    stored = session.execute(
        select(Vacancy)
        .where(Vacancy.id == vacancy_id, Vacancy.version == expected_version)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    before = spec_of(stored).model_dump() if stored is not None else {}
    result = session.execute(
        update(Vacancy)
        .where(Vacancy.id == vacancy_id, Vacancy.version == expected_version)
        .values(**spec.model_dump(), version=Vacancy.version + 1, updated_at=now())
        .execution_options(synchronize_session=False)
    )
    check_updated(session, result, Vacancy, vacancy_id, "vacancy")
    record_changes(session, "vacancy", vacancy_id, before, spec.model_dump())
    return get_vacancy(session, vacancy_id)


def get_vacancy(session: Session, vacancy_id: int) -> Vacancy:
    """The vacancy as stored now (never a stale copy of the session).

    Raises
    ------
    NotFoundError
        No vacancy has this id.
    """
    vacancy = session.execute(
        select(Vacancy).where(Vacancy.id == vacancy_id).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if vacancy is None:
        raise NotFoundError(f"vacancy {vacancy_id} does not exist")
    return vacancy


def find_vacancy(session: Session, title: str) -> Vacancy | None:
    """The vacancy with this title (surrounding blanks ignored), or None."""
    return session.scalar(select(Vacancy).where(Vacancy.title == title.strip()))


def list_vacancies(session: Session) -> list[Vacancy]:
    """Every vacancy, by title."""
    return list(session.scalars(select(Vacancy).order_by(Vacancy.title)))


def spec_of(vacancy: Vacancy) -> VacancySpec:
    """The editable spec of a stored vacancy (what `create_vacancy` and `update_vacancy` take)."""
    return VacancySpec.model_validate(
        {
            "title": vacancy.title,
            "role_id": vacancy.role_id,
            "block_weights": vacancy.block_weights,
            "competency_weights": vacancy.competency_weights,
            "targets": vacancy.targets,
            "knockouts": vacancy.knockouts,
            "budget_min": vacancy.budget_min,
            "budget_max": vacancy.budget_max,
            "currency": vacancy.currency,
            "status": vacancy.status,
        }
    )


def profile_of(vacancy: Vacancy) -> RoleProfile:
    """The role profile (weights and targets) candidates of this vacancy are scored against."""
    return vacancy_profile(
        vacancy.title, vacancy.role_id, vacancy.block_weights, vacancy.competency_weights, vacancy.targets
    )
