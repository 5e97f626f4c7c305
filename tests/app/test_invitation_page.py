"""Invitation links in AppTest: the invitee sees only consent then questions, in both languages and
in team mode without signing in; the recruiter creates a link on the candidate's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from smm_eval.i18n import Messages
from smm_eval.services import invitations
from smm_eval.services.candidate_file import candidate_file
from smm_eval.settings import get_settings
from smm_eval.storage import now

from ..conftest import ROOT
from .test_candidate_page import candidate_ids, open_page
from .test_recruiting import open_workspace, seed


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    monkeypatch.setenv("SMM_EVAL_SECRET_KEY", "a" * 40)
    get_settings.cache_clear()


def invited(workspace, framework, roles, days: int = 14, past: bool = False) -> tuple[str, int, int]:
    vacancy_id = seed(workspace, framework, roles)
    ana = candidate_ids(workspace)["Ana Morales"]
    db = open_workspace(workspace)
    at = now() - timedelta(days=days + 1) if past else None
    created = invitations.create_candidate_invitation(db, ana, vacancy_id, "http://x/", days, at=at)
    db.dispose()
    return created.link.split("?invite=")[1], ana, vacancy_id


def visit(token: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.query_params["invite"] = token
    return at.run()


def test_the_invitee_sees_only_the_consent_then_the_questions_and_sends_once(workspace, framework, roles):
    token, ana, vacancy_id = invited(workspace, framework, roles)
    at = visit(token)
    en = Messages("en")
    assert not at.exception
    assert [s.value for s in at.subheader] == [en("invite.consent_title")]
    assert len(at.sidebar) == 0 and not at.radio  # no workspace line, no navigation, no questions yet
    assert [b.label for b in at.button] == [en("invite.consent_go")] and at.button[0].disabled
    at.checkbox(key="invite_consent_check").check().run()
    at.button[0].click().run()
    assert len(at.radio) == 5  # the first block's five competencies (one tab built at a time)
    at.radio[0].set_value("3").run()
    send = next(b for b in at.button if b.label == en("invite.send"))
    send.click().run()
    assert [s.value for s in at.success] == [en("invite.thanks")]
    db = open_workspace(workspace)
    file = candidate_file(db, vacancy_id, ana, "", blind=False)
    listed = invitations.list_candidate_invitations(db, ana)
    db.dispose()
    first = framework.blocks[0].competencies[0].id
    assert file.self_answers == {first: 3}
    assert listed[0].status == "used" and listed[0].record.consent_text_version == "2026-11-30.2/en"
    again = visit(token, "es")  # a fresh session: the link now refuses, in Spanish
    used = invitations.InvitationRefusedError("used").problems[0]
    assert [e.value for e in again.error] == [Messages("es").problem(used)]
    assert not again.radio


def test_an_expired_and_an_unknown_link_refuse_in_team_mode_without_sign_in(workspace, framework, roles, monkeypatch):
    token, *_ = invited(workspace, framework, roles, days=1, past=True)
    monkeypatch.setenv("SMM_EVAL_MODE", "team")
    get_settings.cache_clear()
    es = Messages("es")
    expired = visit(token, "es")
    assert not expired.exception
    assert [e.value for e in expired.error] == [es.problem(invitations.InvitationRefusedError("expired").problems[0])]
    unknown = visit("z" * 43, "es")
    assert [e.value for e in unknown.error] == [es.problem(invitations.InvitationRefusedError("unknown").problems[0])]
    assert es("invite.title") == unknown.title[0].value and not unknown.checkbox


def test_the_recruiter_creates_a_link_on_the_candidate_page(workspace, framework, roles):
    vacancy_id = seed(workspace, framework, roles)
    ana = candidate_ids(workspace)["Ana Morales"]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at = open_page(at.run(), ana, vacancy_id)
    en = Messages("en")
    create = next(b for b in at.button if b.label == en("invite.create"))
    create.click().run()
    assert not at.exception
    link = at.code[0].value
    assert "?invite=" in link and len(link.split("?invite=")[1]) == 43
    db = open_workspace(workspace)
    view = invitations.open_invitation(db, link.split("?invite=")[1])
    db.dispose()
    assert view.title == "SMM lead"


def test_a_broken_key_file_tells_the_visitor_nothing_of_the_settings(workspace, framework, roles, monkeypatch):
    token, *_ = invited(workspace, framework, roles)
    key_file = workspace.parent / "secret_key"
    key_file.write_text("not a key\n")
    monkeypatch.delenv("SMM_EVAL_SECRET_KEY")
    monkeypatch.setenv("SMM_EVAL_SECRET_KEY_FILE", str(key_file))
    get_settings.cache_clear()
    at = visit(token)
    assert not at.exception
    assert [e.value for e in at.error] == [Messages("en")("invite.unavailable")]  # no file name, no setting


def test_the_team_lead_invites_a_member_from_the_team_page(workspace, framework, roles):
    from smm_eval.services.teams import import_team

    db = open_workspace(workspace)
    team_id, *_ = import_team(db, "Content", (ROOT / "data/samples/team.csv").read_bytes(), "t.csv", framework, roles)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "es"
    at.run().switch_page("pages/team.py").run()
    es = Messages("es")
    members = invitations.members_to_invite(db, team_id)
    boris = next(i for i, name in members.items() if name == "Boris")
    at.selectbox(key=f"invite_t{team_id}_member").set_value(boris).run()
    next(b for b in at.button if b.label == es("invite.create")).click().run()
    assert not at.exception
    token = at.code[0].value.split("?invite=")[1]
    view = invitations.open_invitation(db, token)
    listed = invitations.list_team_invitations(db, team_id)
    db.dispose()
    assert (view.kind, view.title) == ("team_member", "Content")
    assert [(i.record.member_id, i.status) for i in listed] == [(boris, "open")]
