"""Roles checked in every service, called directly as each role (SQLite and PostgreSQL): what an
admin, a recruiter, an interviewer assigned or not, a team lead of their own or another team, and a
signed-in user without a role may do and see (issue 16, item 3)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from smm_eval import storage
from smm_eval.access import AccessDeniedError, Actor, Role
from smm_eval.errors import InputError
from smm_eval.schemas import CandidateInput, ScorecardInput
from smm_eval.services import assessment, assignments, candidate_file, candidates, drafts, people, recruiting, teams
from smm_eval.services.candidates import StageChange, import_candidates, read_import
from smm_eval.storage import ConflictError, NotFoundError

from ...conftest import ROOT

SAMPLES = ROOT / "data" / "samples"
TEAM = SAMPLES / "team.csv"


@dataclass
class World:
    """A team workspace: the sample vacancy "SMM lead" (imported by the command line, so nobody's;
    Ana Morales rated by "lead" and "hr"), "Mine" created by the recruiter Rita, "Theirs" by the
    recruiter Raul; the interviewer Ivan assigned to Ana for "SMM lead", Iris assigned to nobody."""

    db: object
    vacancy: int
    ana: int
    bo: int
    mine: int
    theirs: int
    actors: dict[str, Actor]

    def as_(self, who: str):
        return self.db.acting_as(self.actors[who])  # type: ignore[attr-defined]


@pytest.fixture
def world(database, framework, roles) -> World:
    actors = {}
    for key, name, role in (
        ("admin", "Ada", Role.ADMIN), ("rita", "Rita", Role.RECRUITER), ("raul", "Raul", Role.RECRUITER),
        ("ivan", "Ivan", Role.INTERVIEWER), ("iris", "Iris", Role.INTERVIEWER),
        ("lena", "Lena", Role.TEAM_LEAD), ("leo", "Leo", Role.TEAM_LEAD), ("nobody", "Nemo", None),
    ):  # fmt: skip
        user = people.add_user(database, f"{key}@example.org", name, role)
        actors[key] = Actor(user.id, name, role)
    files = read_import(
        ((SAMPLES / "interview_ratings.csv").read_bytes(), "interview_ratings.csv"),
        ((SAMPLES / "candidates.csv").read_bytes(), "candidates.csv"),
        framework,
    )
    import_candidates(database, "SMM lead", "smm_manager", files, framework, roles)
    with database.transaction() as session:
        ids = {c.name: c.id for c in session.query(storage.Candidate)}
    vacancy = recruiting.find_vacancy_id(database, "SMM lead")
    w = World(database, vacancy, ids["Ana Morales"], 0, 0, 0, actors)
    w.mine = recruiting.create_vacancy(w.as_("rita"), "Mine", roles["smm_editor"], framework, roles).id
    w.theirs = recruiting.create_vacancy(w.as_("raul"), "Theirs", roles["smm_editor"], framework, roles).id
    candidates.add_candidate(w.as_("rita"), CandidateInput(name="Bo Brandt"), w.mine)
    with database.transaction() as session:
        w.bo = session.query(storage.Candidate).filter_by(name="Bo Brandt").one().id
    assignments.assign_interviewers(w.as_("rita"), vacancy, w.ana, [actors["ivan"].user_id])
    return w


def titles(records) -> set[str]:
    return {r.title for r in records}


def test_each_role_lists_only_the_vacancies_in_its_scope(world):
    assert titles(recruiting.list_vacancies(world.as_("admin"))) == {"SMM lead", "Mine", "Theirs"}
    # Rita: her own and the one nobody owns; Raul's is not hers to see.
    assert titles(recruiting.list_vacancies(world.as_("rita"))) == {"SMM lead", "Mine"}
    assert titles(recruiting.list_vacancies(world.as_("raul"))) == {"SMM lead", "Theirs"}
    assert titles(recruiting.list_vacancies(world.as_("ivan"))) == {"SMM lead"}  # assigned there only
    assert recruiting.list_vacancies(world.as_("iris")) == []
    for who in ("lena", "nobody"):
        with pytest.raises(AccessDeniedError) as denied:
            recruiting.list_vacancies(world.as_(who))
        assert denied.value.problem.code == "access.denied"
        assert denied.value.problem.params["action"] == "candidates.view"


def test_a_recruiter_cannot_reach_another_recruiters_vacancy(world, framework, roles):
    raul = world.as_("raul")
    with pytest.raises(NotFoundError):  # not found, not "denied": its existence does not leak
        recruiting.get_vacancy(raul, world.mine)
    mine = recruiting.get_vacancy(world.as_("rita"), world.mine)
    with pytest.raises(NotFoundError):
        recruiting.update_vacancy(raul, mine, mine.version, framework, roles, status="closed")
    with pytest.raises(NotFoundError):
        candidates.add_candidate(raul, CandidateInput(name="Cy"), world.mine)
    with pytest.raises(NotFoundError):
        candidates.applications(raul, world.mine)
    bo_app = candidates.applications(world.as_("rita"), world.mine)
    change = StageChange(int(bo_app["application_id"].iloc[0]), int(bo_app["application_version"].iloc[0]), "screening")
    with pytest.raises(NotFoundError):
        candidates.set_stages(raul, [change])
    with pytest.raises(recruiting.UnknownVacancyError) as unknown:
        recruiting.find_vacancy_id(raul, "Mine")
    assert unknown.value.titles == ("SMM lead", "Theirs")
    candidates.set_stages(world.as_("rita"), [change])  # the owner may
    assert candidates.applications(world.as_("admin"), world.mine)["stage"].tolist() == ["screening"]


def test_an_interviewer_sees_only_assigned_candidates_and_no_ranking(world, framework):
    ivan = world.as_("ivan")
    # candidates.csv holds 4 candidates for "SMM lead"; Ivan is assigned to Ana only.
    assert len(candidates.applications(world.as_("admin"), world.vacancy)) == 4
    assert candidates.applications(ivan, world.vacancy)["name"].tolist() == ["Ana Morales"]
    others = set(candidates.applications(world.as_("admin"), world.vacancy)["candidate_id"]) - {world.ana}
    with pytest.raises(NotFoundError):
        candidate_file.candidate_file(ivan, world.vacancy, min(others), "", blind=False)
    assert candidate_file.candidate_vacancies(ivan, min(others)) == []
    assert candidate_file.candidate_vacancies(ivan, world.ana) == [world.vacancy]
    with pytest.raises(NotFoundError):  # Iris is assigned to nobody: the vacancy is not hers
        candidates.applications(world.as_("iris"), world.vacancy)
    for call in (
        lambda: recruiting.load_vacancy(ivan, world.vacancy),
        lambda: recruiting.rank_vacancy(ivan, "SMM lead", framework),
        lambda: candidates.backup(ivan),
        lambda: assignments.assign_interviewers(ivan, world.vacancy, world.ana, []),
    ):
        with pytest.raises(AccessDeniedError):
            call()
    evaluation = recruiting.evaluate_inputs(recruiting.load_vacancy(world.db, world.vacancy), framework)
    apps = candidates.applications(world.db, world.vacancy)
    with pytest.raises(AccessDeniedError):
        candidates.candidate_exports(ivan, world.vacancy, apps, evaluation, blind=False)


def test_an_interviewer_sees_others_scorecards_only_after_submitting_their_own(world, framework):
    ivan = world.as_("ivan")
    # interview_ratings.csv: Ana is rated by "lead" and "hr". Typing "lead" as the rater does not
    # make Ivan "lead": the signed-in user is the rater.
    before = candidates.scorecard_context(ivan, world.vacancy, world.ana, "lead")
    assert (before.mine, before.rater, before.items.empty, before.hidden_raters) == (None, "Ivan", True, 2)
    file = candidate_file.candidate_file(ivan, world.vacancy, world.ana, "lead", blind=False)
    assert file.scorecards.empty and file.hidden_raters == 2 and not file.viewer_submitted
    card = ScorecardInput(candidate_id=world.ana, vacancy_id=world.vacancy, rater="lead", levels={"copywriting": 3})
    drafts.keep_draft(ivan, world.vacancy, world.ana, "lead", drafts.Draft(levels={"copywriting": 2}))
    # The draft is Ivan's (kept under his user), not the free-text rater "lead"'s.
    assert drafts.load_draft(world.db, world.vacancy, world.ana, "lead", framework) is None
    assert drafts.load_draft(ivan, world.vacancy, world.ana, "", framework).levels == {"copywriting": 2}
    candidates.save_scorecard(ivan, card, framework, None)
    assert drafts.load_draft(ivan, world.vacancy, world.ana, "", framework) is None  # removed on submit
    after = candidates.scorecard_context(ivan, world.vacancy, world.ana, "")
    assert after.mine is not None and after.hidden_raters == 0
    assert sorted(after.items["rater"].unique()) == ["Ivan", "hr", "lead"]
    seen = candidate_file.candidate_file(ivan, world.vacancy, world.ana, "", blind=False)
    assert seen.viewer_submitted and sorted(seen.scorecards["rater"].unique()) == ["Ivan", "hr", "lead"]
    with world.db.transaction() as session:
        stored = session.query(storage.Scorecard).filter_by(rater="Ivan").one()
        assert stored.rater_user_id == world.actors["ivan"].user_id
    # the "lead" scorecard was not touched: still 25 items (interview_ratings.csv)
    lead = candidates.scorecard_context(world.db, world.vacancy, world.ana, "lead")
    assert lead.mine is not None and lead.mine.version == 1
    other = ScorecardInput(candidate_id=world.bo, vacancy_id=world.mine, rater="Ivan", levels={"copywriting": 1})
    with pytest.raises(NotFoundError):  # not assigned to Bo
        candidates.save_scorecard(ivan, other, framework, None)


def test_a_signed_in_rater_never_takes_over_a_scorecard_under_the_same_name(world, framework):
    # Ivan is assigned to Ana, whose "lead" scorecard came from a file; a user named "lead" would
    # be signed as "lead": creating is refused as a conflict, replacing finds no card of theirs.
    namesake = world.db.acting_as(Actor(world.actors["ivan"].user_id, "lead", Role.INTERVIEWER))
    card = ScorecardInput(candidate_id=world.ana, vacancy_id=world.vacancy, rater="x", levels={"copywriting": 0})
    with pytest.raises(ConflictError):
        candidates.save_scorecard(namesake, card, framework, None)
    with pytest.raises(NotFoundError):
        candidates.save_scorecard(namesake, card, framework, 1)
    lead = candidates.scorecard_context(world.db, world.vacancy, world.ana, "lead")
    assert lead.mine is not None and lead.mine.version == 1  # untouched


def test_recruiters_see_every_scorecard_on_the_candidate_page(world):
    file = candidate_file.candidate_file(world.as_("rita"), world.vacancy, world.ana, "", blind=False)
    assert file.hidden_raters == 0 and sorted(file.scorecards["rater"].unique()) == ["hr", "lead"]


def test_assignments_take_active_interviewers_only(world):
    rita = world.as_("rita")
    assert assignments.interviewer_choices(rita) == {
        world.actors["iris"].user_id: "Iris",
        world.actors["ivan"].user_id: "Ivan",
    }
    assert assignments.assignments(rita, world.vacancy) == {world.ana: (world.actors["ivan"].user_id,)}
    with pytest.raises(InputError) as refused:
        assignments.assign_interviewers(rita, world.vacancy, world.ana, [world.actors["raul"].user_id])
    assert refused.value.problems[0].code == "assignments.not_interviewer"
    assignments.assign_interviewers(rita, world.vacancy, world.ana, [])
    assert recruiting.list_vacancies(world.as_("ivan")) == []  # unassigned: nothing left to see
    with pytest.raises(NotFoundError):
        assignments.assignments(world.as_("raul"), world.mine)


def test_team_leads_reach_only_their_teams(world, framework, roles):
    alpha, *_ = teams.import_team(world.db, "Alpha", TEAM.read_bytes(), "team.csv", framework, roles)
    beta, *_ = teams.import_team(world.db, "Beta", TEAM.read_bytes(), "team.csv", framework, roles)
    people.set_team_leads(world.db, alpha, [world.actors["lena"].user_id])
    lena = world.as_("lena")
    assert teams.list_teams(lena) == {alpha: "Alpha"}
    assert len(teams.load_team(lena, alpha).members) == 4  # data/samples/team.csv: 4 members
    with pytest.raises(NotFoundError):
        teams.load_team(lena, beta)
    with pytest.raises(AccessDeniedError) as taken:
        teams.import_team(lena, "Beta", TEAM.read_bytes(), "team.csv", framework, roles)
    assert taken.value.problem.code == "access.team_taken"
    gamma, *_ = teams.import_team(lena, "Gamma", TEAM.read_bytes(), "team.csv", framework, roles)
    assert teams.list_teams(lena) == {alpha: "Alpha", gamma: "Gamma"}  # she leads what she created
    assert teams.list_teams(world.as_("leo")) == {}
    assert set(teams.list_teams(world.as_("admin"))) == {alpha, beta, gamma}
    for who in ("rita", "ivan", "nobody"):
        with pytest.raises(AccessDeniedError):
            teams.list_teams(world.as_(who))
    with pytest.raises(InputError) as not_lead:
        people.set_team_leads(world.db, beta, [world.actors["rita"].user_id])
    assert not_lead.value.problems[0].code == "people.not_team_lead"
    with pytest.raises(AccessDeniedError):
        people.set_team_leads(lena, beta, [world.actors["lena"].user_id])
    assert people.team_leads(world.db) == {
        alpha: (world.actors["lena"].user_id,),
        gamma: (world.actors["lena"].user_id,),
    }


def test_only_admins_back_up_and_restore_and_the_backup_holds_no_user_links(world):
    for who in ("rita", "ivan", "lena", "nobody"):
        with pytest.raises(AccessDeniedError):
            candidates.backup(world.as_(who))
        with pytest.raises(AccessDeniedError):
            candidates.restore(world.as_(who), b"{}", "backup.json")
    document = candidates.backup(world.as_("admin"))
    assert all("owner_id" not in row for row in document["tables"]["vacancies"])


def test_a_user_without_a_role_reaches_no_workspace_data(world, framework):
    nobody = world.as_("nobody")
    for call in (
        lambda: candidates.applications(nobody, world.vacancy),
        lambda: candidate_file.candidate_file(nobody, world.vacancy, world.ana, "", blind=False),
        lambda: drafts.load_draft(nobody, world.vacancy, world.ana, "", framework),
        lambda: assessment.stored_rows(nobody),
        lambda: assessment.keep_self_assessment(nobody, "me", None, {"copywriting": 2}),
        lambda: people.list_users(nobody),
    ):
        with pytest.raises(AccessDeniedError):
            call()


def test_invitation_links_and_exports_stay_within_the_inviters_scope(world, monkeypatch):
    from smm_eval.services import invitations, lifecycle

    monkeypatch.setenv("SMM_EVAL_SECRET_KEY", "k" * 40)
    base = "http://app.example.org/"
    # Rita invites Bo (her vacancy "Mine"); Raul cannot, nor list or withdraw Rita's link.
    created = invitations.create_candidate_invitation(world.as_("rita"), world.bo, world.mine, base)
    with pytest.raises(NotFoundError):
        invitations.create_candidate_invitation(world.as_("raul"), world.bo, world.mine, base)
    with pytest.raises(NotFoundError):
        invitations.list_candidate_invitations(world.as_("raul"), world.bo)
    with pytest.raises(NotFoundError):
        invitations.revoke_invitation(world.as_("raul"), created.record.id)
    assert [i.status for i in invitations.list_candidate_invitations(world.as_("rita"), world.bo)] == ["open"]
    # Exports of one candidate follow the same scope: Raul is told no such candidate exists.
    assert lifecycle.export_candidate(world.as_("rita"), "Bo Brandt")["candidate"]["name"] == "Bo Brandt"
    with pytest.raises(InputError) as unknown:
        lifecycle.export_candidate(world.as_("raul"), "Bo Brandt")
    assert unknown.value.problems[0].code == "lifecycle.unknown_candidate"
    with pytest.raises(AccessDeniedError):
        invitations.create_candidate_invitation(world.as_("ivan"), world.ana, world.vacancy, base)
    assert invitations.revoke_invitation(world.as_("admin"), created.record.id) is True
