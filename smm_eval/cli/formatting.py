"""The command line's output formats: JSON documents, CSV tables and plain text.

Pure functions from the services' records to text. JSON follows the one JSON-value rule
(`smm_eval.jsonvalues`): an undefined figure is null, never NaN.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pandas as pd

from smm_eval.files.csv_out import to_safe_csv
from smm_eval.framework import Framework, RoleProfile
from smm_eval.jsonvalues import json_record

if TYPE_CHECKING:  # only the commands that need them load the team and recruiting services
    from smm_eval import salary, team
    from smm_eval.agreement.records import PanelAgreement
    from smm_eval.services.form_import import FormPreview
    from smm_eval.services.salary import CliSalary
    from smm_eval.services.teams import PlanReport


def counted(count: int, one: str, other: str) -> str:
    """A count with its noun, English (the command line's language): "1 problem", "2 problems".

    >>> counted(1, "problem", "problems"), counted(0, "problem", "problems")
    ('1 problem', '0 problems')
    """
    return f"{count:,} {one if count == 1 else other}"


def dumps(document: Any) -> str:
    """A JSON document as the CLI prints it: UTF-8 text, indented, strict (NaN refused)."""
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: numpy scalars unwrapped, NaN as null."""
    return [json_record({str(k): v for k, v in row.items()}) for row in table.to_dict(orient="records")]


def framework_document(framework: Framework, lang: str) -> dict[str, Any]:
    """The competency model in one language: scale, blocks (weights in percent), career levels
    (what each takes is relative to a role: the `roles --json` document gives each role's graded
    targets)."""
    total = sum(b.weight for b in framework.blocks)
    return {
        "version": framework.version,
        "language": lang,
        "scale": [
            {"level": s.level, "name": s.name.get(lang), "description": s.description.get(lang)}
            for s in framework.scale
        ],
        "blocks": [
            {
                "id": b.id,
                "name": b.name.get(lang),
                "description": b.description.get(lang),
                "weight_percent": round(100 * b.weight / total, 1),
                "rationale": b.rationale.get(lang),
                "competencies": [
                    {
                        "id": c.id,
                        "name": c.name.get(lang),
                        "description": c.description.get(lang),
                        "weight": c.weight,
                        "rationale": c.rationale.get(lang) if c.rationale else None,
                        "anchors": {str(level): text.get(lang) for level, text in sorted(c.anchors.items())},
                    }
                    for c in b.competencies
                ],
            }
            for b in framework.blocks
        ],
        "career_levels": [
            {"id": lv.id, "name": lv.name.get(lang), "description": lv.description.get(lang)}
            for lv in framework.career_levels
        ],
        "personal_qualities": [{"id": q.id, "name": q.name.get(lang)} for q in framework.personal_qualities],
    }


def framework_text(doc: dict[str, Any]) -> str:
    """The framework document as indented text: blocks, competencies, anchors."""
    out = []
    for block in doc["blocks"]:
        out.append(f"{block['name']} [{block['id']}]  {block['weight_percent']}%")
        for comp in block["competencies"]:
            out.append(f"  {comp['id']}: {comp['name']} (weight {comp['weight']:g})")
            out.append(f"      {comp['description']}")
            for level, text in comp["anchors"].items():
                out.append(f"      {level}: {text}")
        out.append("")
    out.append("Personal qualities (not scored): " + ", ".join(q["name"] for q in doc["personal_qualities"]))
    return "\n".join(out) + "\n"


def roles_rows(roles: dict[str, RoleProfile], lang: str) -> list[dict[str, Any]]:
    """One row per role profile: id, name, block weights in percent, the reference grade and the
    target of every competency at every career level (`smm_eval.grades`)."""
    return [
        {
            "id": r.id,
            "name": r.name.get(lang),
            "block_weight_percent": {k: round(v, 1) for k, v in r.block_weight_percent().items()},
            "reference_grade": r.reference_grade,
            "grade_targets": r.grade_targets(),
        }
        for r in roles.values()
    ]


def rank_json(vacancy: str, table: pd.DataFrame, agreement: PanelAgreement | None) -> str:
    """The `rank --json` document: the candidates and the raters' agreement (see
    `PanelAgreement.as_json`; a figure below the gate is null with its `gate` reason)."""
    document = agreement.as_json() if agreement is not None else None
    return dumps({"vacancy": vacancy, "candidates": records(table), "agreement": document})


def rank_csv(table: pd.DataFrame) -> str:
    """The `rank` table as formula-safe CSV, figures rounded by `smm_eval.figures` (an undefined
    rwg, and the rank, fit, p_above_next and order of a candidate listed apart, are empty cells)."""
    return to_safe_csv(table.astype({"expected_salary": "Int64", "rank": "Int64"}))


def salary_text(estimate: salary.SalaryEstimate, level: str, role: str, region: str, work_format: str) -> str:
    """A salary estimate as text: quantiles with their money, method, effects, sources and notes."""
    money = f"{estimate.currency}/{estimate.period}, {estimate.gross_net}, {estimate.pay_kind} pay"
    if estimate.money_date is not None:
        money += f", {estimate.money_date:%Y-%m} money (index ×{estimate.index_factor:.4f})"
    lines = [
        f"{estimate.market}: {level} {role}, {region}, {work_format}: "
        + ", ".join(f"P{round(q * 100)} {v:,.0f}" for q, v in sorted(estimate.quantiles.items()))
        + f" {money}",
        f"method: {estimate.method}; observations behind it: {estimate.n}"
        + ("" if estimate.n_effective is None else f" (effective n {estimate.n_effective:.2f}, Kish)"),
    ]
    if estimate.credibility_k is not None:  # pooled with your observations (smm_eval.salary.pooling)
        lines.append(
            f"weight of your observations: {estimate.weight:.2f} = n_eff / (n_eff + k), "
            f"n_eff = {estimate.n_effective or 0:.2f} (Kish's effective n of the {estimate.n} under their "
            f"age weights), k = {estimate.credibility_k:g}; the rest is the baseline"
        )
    if estimate.floor is not None:
        binds = "lifts the lowest quantiles" if estimate.floor_binds else "does not bind"
        lines.append(f"legal minimum wage {estimate.floor:,.0f} {estimate.currency}/{estimate.period} gross: {binds}")
    lines += [f"  {e.factor} = {e.value}: ×{e.multiplier:g} ({e.reason.en})" for e in estimate.effects]
    for source in estimate.sources:
        when = source.get("date") or f"undated, about {source.get('assumed_year')}"
        checked = "; not verified at its source (see --json `unverified`)" if source.get("verified") is False else ""
        if source.get("id") == "observations":  # how they were brought to the money date
            checked = (
                f"; {source['indexed']} indexed to {source['indexed_to']}, {source['after_index_used_as_is']} dated "
                f"after the index used as is, {source['net_to_gross']} net made gross"
            )
        lines.append(f"  source: {source['name']} ({when}){checked}")
    if estimate.limited_data:
        lines.append("note: limited data for this market (the anchor rests on a stated occupation assumption)")
    if estimate.fallback_reason:
        lines.append(f"note: {estimate.fallback_reason}")
    if estimate.warning:
        lines.append(f"warning: {estimate.warning}")
    return "\n".join(lines) + "\n"


def salary_model_json(result: CliSalary) -> dict[str, Any] | None:
    """Where the `salary` estimate came from: the stored dataset and its fit (None: the baseline alone)."""
    if result.dataset_id is None:
        return None
    out: dict[str, Any] = {
        "dataset": result.dataset_id,
        "fitted_now": bool(result.fit and not result.fit.reused),
        "fitted_at": result.fitted_at.isoformat() if result.fitted_at else None,
    }
    if result.fit is not None:
        out |= {"rows": result.fit.rows, "fit_seconds": round(result.fit.fit_seconds, 3)}
        if result.fit.dropped is not None:
            out["dropped"] = result.fit.dropped
    return out


def salary_model_text(result: CliSalary) -> str:
    """One line saying whether the model was fitted now and stored, or reused from the workspace."""
    if result.dataset_id is None:
        return ""
    fit, when = result.fit, f"{result.fitted_at:%Y-%m-%d %H:%M} UTC"
    if fit is None:
        return f"model: the chosen salary dataset #{result.dataset_id}, fitted {when}\n"
    if fit.reused:
        return f"model: stored dataset #{fit.dataset_id} of the same file, fitted {when}\n"
    line = f"model: fitted on {fit.rows} observations in {fit.fit_seconds:.1f} s, stored as dataset #{fit.dataset_id}"
    if fit.dropped:
        left_out = ", ".join(f"{reason} {n}" for reason, n in fit.dropped.items() if n)
        line += f"; vacancies left out: {left_out or 'none'}"
    return line + f"; later `salary --dataset {fit.dataset_id}` calls reuse it\n"


def plan_output(report: PlanReport, catalogue: team.Catalogue, as_json: bool) -> str:
    """The `plan` command's output: a JSON document or a text summary.

    Both say what the plan rests on: manager ratings, with the (person, competency) cells where
    only a self-rating exists (`team.plan_evidence`), or that self-ratings were left out below
    the privacy floor.
    """
    plan, evidence = report.plan, report.evidence
    assignments: list[dict[str, Any]] = [
        {"person": r.person, "training": r.training, "kind": r.kind, "cost": r.cost, "hours": r.hours}
        for r in plan.assignments.itertuples()
    ]
    self_only = evidence.self_only_cells()
    if as_json:
        doc = {
            "total_cost": plan.total_cost,
            "total_hours": plan.total_hours,
            "currency": catalogue.currency,
            "gap_total": round(plan.gap_total, 6),
            "gap_closed": round(plan.gap_closed, 6),
            "evidence": {
                "rule": "manager ratings; a self-rating only where no manager rated",
                "self_ratings_used": evidence.self_used,
                "self_only_count": len(self_only),
                "self_only": [{"person": p, "competency": c} for p, c in self_only],
            },
            "assignments": assignments,
            "cheapest_proven": report.cheapest_proven,
            "cheapest_seconds": report.cheapest_seconds,
            "next_hire": {"role": report.hire_role, "competencies": report.hire_gaps},
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    lines = [
        f"Plan: {counted(len(assignments), 'assignment', 'assignments')}, {plan.total_cost:,.0f} {catalogue.currency}, "
        f"{plan.total_hours:,.0f} hours; closes {plan.gap_closed:.3f} of {plan.gap_total:.3f} weighted gap "
        f"({report.share_closed:.0%})."
    ]
    if not evidence.self_used:
        lines.append("Evidence: manager ratings only (team below the privacy floor: self-ratings left out).")
    else:
        cells = ", ".join(f"{p}/{c}" for p, c in self_only) or "none"
        resting = counted(len(self_only), "level rests", "levels rest")
        lines.append(f"Evidence: manager ratings; {resting} on a self-rating only: {cells}")
    if report.cheapest_proven:
        lines.append("Optimal: no plan within the budget closes more gap; of those closing as much, the cheapest.")
    else:
        stopped = (
            f"the search for the cheapest stopped after {report.cheapest_seconds:g} s."
            if report.cheapest_seconds > 0
            else "finding this plan took the time, so the cheapest was not searched for."
        )
        lines.append(
            f"Optimal: no plan within the budget closes more gap. A cheaper plan closing as much may exist: {stopped}"
        )
    lines += [
        f"  {a['person']}: {a['training']} [{a['kind']}] ({a['cost']:,.0f} {catalogue.currency}, {a['hours']:g} h)"
        for a in assignments
    ]
    lines.append(f"Next hire: {report.hire_role} for {', '.join(report.hire_gaps) or 'no remaining gaps'}")
    return "\n".join(lines) + "\n"


def form_review(preview: FormPreview) -> list[str]:
    """`map-form`'s notes on standard error: each column's role, answers without a level, duplicates."""
    mapping = preview.mapping
    submissions = counted(preview.raw.rows, "submission", "submissions")
    notes = [f"{preview.raw.source}: {submissions}; suggested mapping (review it before use):"]
    notes += [f"  column '{header}' -> {role}" for header, role in mapping.columns.items()]
    if not mapping.role_columns("person"):
        notes.append('  no column was recognised as the person: set one column to "person"')
    for text in preview.unknown_answers:
        notes.append(f"  answer '{text}' has no level: add it under \"answers\" with 0..4, or null for not answered")
    for dup in preview.duplicates:
        by = f" by '{dup.rater}'" if dup.rater else ""
        lines = ", ".join(str(n) for n in dup.lines)
        notes.append(
            f"  '{dup.person}' was rated{by} more than once (lines {lines}); the latest is line {dup.kept_line}"
        )
    if preview.duplicates:
        notes.append('  duplicates are refused: set "duplicates" to "keep_latest" to keep the latest submissions')
    return notes
