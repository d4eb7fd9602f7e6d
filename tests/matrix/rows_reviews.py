"""Rows for the review, decisions and cultivation (issue 8): experts, the commission, the public results."""

from __future__ import annotations

from .harness import LOGIN, Row, expect, redirect_to

MANAGERS = {"commission", "admin"}
# reviews.manage: the commission and administrators; decisions: the commission alone.
MANAGE_PAGE = expect(403, anon=LOGIN, commission=200, admin=200)
DECIDE_PAGE = expect(403, anon=LOGIN, commission=200)
EXPERT_PAGE = expect(403, anon=LOGIN, expert_assigned=200, expert_unassigned=200)
OWN_ASSIGNMENT = expect(403, anon=LOGIN, expert_assigned=200, expert_unassigned=404)
PUBLIC = expect(200)
API_MANAGE = expect(403, anon=401, commission=200, admin=200)
API_EXPERTS_AND_MANAGERS = expect(403, anon=401, expert_assigned=200, expert_unassigned=200, commission=200, admin=200)
API_OWN_ASSIGNMENT = expect(404, anon=401, expert_assigned=200)
SCORES = {"scores": {"advancement": 8, "scenarios": 8, "integration": 7, "outcomes": 8, "ai": 6, "promotion": 7},
          "comments": {"advancement": "好"}, "submit": False}


def extend_world(w) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from factorytier.accounts.choices import Role
    from factorytier.core import clock
    from factorytier.cultivation.models import Cultivation
    from factorytier.decisions.models import Publication
    from factorytier.decisions.services import record_decision
    from factorytier.reviews.models import (
        Assignment,
        Conflict,
        ConflictKind,
        ExpertProfile,
        OnsiteCheck,
        OnsiteFile,
    )
    from factorytier.reviews.services import invitation_link

    from ..factories import ApplicationFactory, CampaignFactory, UserFactory
    from .world import PDF

    now = clock.now()
    users = w.users
    # Assignments are seen by their expert once published: the world's assignment to A's application is.
    Assignment.objects.filter(expert=users["expert_assigned"]).update(published_at=now)
    profiles = {role: ExpertProfile.objects.create(user=users[role], name=role, organisation="某研究院", invited_at=now,
                                                   industries=["36"], guide_links=["生产作业"])
                for role in ("expert_assigned", "expert_unassigned")}
    ent_a, ent_b = users["ent_a"].enterprise, users["ent_b"].enterprise
    review = CampaignFactory()
    rev_a = ApplicationFactory(enterprise=ent_a, campaign=review, tier="excellent", state="recommended")
    rev_ur = ApplicationFactory(enterprise=ent_b, campaign=review, tier="excellent", state="under_review")
    asg_a = Assignment.objects.create(application=rev_a, expert=users["expert_assigned"], assigned_at=now, published_at=now)
    Assignment.objects.create(application=rev_ur, expert=users["expert_unassigned"], assigned_at=now)  # a draft to publish
    check = OnsiteCheck.objects.create(application=rev_a, date=now.date(), team="甲、乙", recorded_at=now)
    of_a = OnsiteFile.objects.create(check_record=check, name="照片.pdf", size=len(PDF), content_type="application/pdf",
                                     sha256="0" * 64, uploaded_at=now, file=SimpleUploadedFile("p.pdf", PDF))
    cf_a = Conflict.objects.create(expert=users["expert_assigned"], enterprise=ent_b, kind=ConflictKind.ADVISED,
                                   source=Conflict.Source.DECLARED, created_at=now)
    pc = Conflict.objects.create(expert=users["expert_unassigned"], enterprise=ent_b, kind=ConflictKind.SAME_ORGANISATION,
                                 source=Conflict.Source.AUTOMATIC, status=Conflict.Status.POSSIBLE, created_at=now)
    decision = record_decision(users["commission"], rev_ur, "approved", "评分优秀")
    lead_a = ApplicationFactory(enterprise=ent_a, campaign=review, tier="leading", state="cultivation")
    cu_a = Cultivation.objects.create(application=lead_a, starts_on=now.date(), ends_on=now.date().replace(year=now.year + 2),
                                      created_at=now)
    lead_b = ApplicationFactory(enterprise=ent_b, campaign=review, tier="leading", state="acceptance_applied")
    cu_b = Cultivation.objects.create(application=lead_b, starts_on=now.date(), ends_on=now.date().replace(year=now.year + 2),
                                      created_at=now)
    Publication.objects.create(campaign=review, published_at=now, published_by=users["commission"])
    invitee = UserFactory(role=Role.EXPERT)  # never logged in: the invitation link stays valid
    _, _, _, uid, token, _ = invitation_link(invitee).split("/")
    w.keys.update({
        "review": review.pk, "rev_a": rev_a.pk, "rev_ur": rev_ur.pk, "asg_a": asg_a.pk, "of_a": of_a.pk, "cf_a": cf_a.pk,
        "pc": pc.pk, "dec": decision.pk, "cu_a": cu_a.pk, "cu_b": cu_b.pk, "ep_a": profiles["expert_assigned"].pk,
        "uid": uid, "token": token, "ent_b_uscc": ent_b.uscc, "expert_unassigned_id": users["expert_unassigned"].pk,
        "due_on": now.date().replace(month=12, day=1).isoformat(), "today": now.date().isoformat(),
    })


ROWS = [
    # ---- the expert
    Row("GET", "/reviews/", EXPERT_PAGE),
    Row("GET", "/reviews/profile/", EXPERT_PAGE),
    Row("POST", "/reviews/profile/", expect(403, anon=LOGIN, expert_assigned=redirect_to("/reviews/profile/"),
                                            expert_unassigned=redirect_to("/reviews/profile/")),
        data={"action": "profile", "organisation": "某大学", "industries": "35"}, writes={"expert_assigned", "expert_unassigned"}),
    Row("POST", "/reviews/profile/conflicts/{cf_a}/remove/",
        expect(403, anon=LOGIN, expert_assigned=redirect_to("/reviews/profile/"), expert_unassigned=404),
        writes={"expert_assigned"}),
    Row("GET", "/reviews/invitation/{uid}/{token}/", PUBLIC),
    Row("GET", "/reviews/assignments/{asg_a}/", OWN_ASSIGNMENT),
    Row("POST", "/reviews/assignments/{asg_a}/", expect(403, anon=LOGIN, expert_assigned=redirect_to("/reviews/assignments/"),
                                                       expert_unassigned=404),
        data={"score_advancement": "8", "comment_advancement": "好", "submit": "0"}, writes={"expert_assigned"}),
    Row("POST", "/reviews/assignments/{asg_a}/conflict/", expect(403, anon=LOGIN, expert_assigned=redirect_to("/reviews/"),
                                                                expert_unassigned=404),
        data={"kind": "advised", "note": "曾提供咨询"}, writes={"expert_assigned"}),
    # ---- the commission: pool, conflicts, assignment, scores, on-site checks
    Row("GET", "/reviews/experts/", MANAGE_PAGE),
    Row("POST", "/reviews/experts/", expect(403, anon=LOGIN, commission=redirect_to("/reviews/experts/"),
                                            admin=redirect_to("/reviews/experts/")),
        data={"name": "新专家", "username": "new.expert", "email": "new@example.com", "organisation": "某大学"},
        writes=MANAGERS),
    Row("GET", "/reviews/experts/{ep_a}/", MANAGE_PAGE),
    Row("GET", "/reviews/conflicts/", MANAGE_PAGE),
    Row("POST", "/reviews/conflicts/{pc}/decide/", expect(403, anon=LOGIN, commission=redirect_to("/reviews/conflicts/"),
                                                         admin=redirect_to("/reviews/conflicts/")),
        data={"confirm": "1"}, writes=MANAGERS),
    Row("GET", "/reviews/campaigns/{review}/assignments/", MANAGE_PAGE),
    Row("POST", "/reviews/campaigns/{review}/assignments/auto/",
        expect(403, anon=LOGIN, commission=redirect_to("/reviews/campaigns/"), admin=redirect_to("/reviews/campaigns/")),
        writes=MANAGERS),
    Row("POST", "/reviews/campaigns/{review}/assignments/publish/",
        expect(403, anon=LOGIN, commission=redirect_to("/reviews/campaigns/"), admin=redirect_to("/reviews/campaigns/")),
        writes=MANAGERS),
    Row("GET", "/reviews/campaigns/{review}/scores/", MANAGE_PAGE),
    Row("GET", "/reviews/applications/{rev_a}/experts/", MANAGE_PAGE),
    Row("POST", "/reviews/applications/{rev_a}/move/",
        expect(403, anon=LOGIN, commission=redirect_to("/decisions/"), admin=redirect_to("/decisions/")),
        data={"to_state": "under_review"}, writes=MANAGERS, note="a path move of the commission's; administrators may too"),
    Row("POST", "/reviews/applications/{rev_a}/onsite/",
        expect(403, anon=LOGIN, commission=redirect_to("/decisions/"), admin=redirect_to("/decisions/")),
        data=lambda w: {"date": w.keys["today"], "team": "甲、乙", "conclusion": "pending"}, writes=MANAGERS),
    Row("GET", "/reviews/applications/{rev_a}/onsite/files/{of_a}/", MANAGE_PAGE),
    # ---- decisions: the commission alone
    Row("GET", "/decisions/applications/{rev_ur}/", DECIDE_PAGE),
    Row("POST", "/decisions/applications/{rev_ur}/decide/", expect(403, anon=LOGIN, commission=redirect_to("/decisions/")),
        data={"outcome": "rejected", "reason": "现场核查发现问题", "confirmed": "1"}, writes={"commission"}),
    # (the query string only keeps the row's id apart from the one above; the view does not read it)
    Row("POST", "/decisions/applications/{rev_ur}/decide/?unconfirmed", expect(403, anon=LOGIN, commission=200),
        data={"outcome": "rejected", "reason": "现场核查发现问题"}, writes=set(),
        note="without the confirmation: the confirmation page, nothing recorded"),
    Row("GET", "/decisions/outbox/", DECIDE_PAGE),
    Row("POST", "/decisions/outbox/", expect(403, anon=LOGIN, commission=redirect_to("/decisions/outbox/")),
        data=lambda w: {"decision": str(w.keys["dec"])}, writes={"commission"}),
    Row("POST", "/decisions/campaigns/{campaign}/publish/", expect(403, anon=LOGIN, commission=redirect_to("/decisions/outbox/")),
        writes={"commission"}),
    # ---- public results
    Row("GET", "/results/", PUBLIC),
    Row("GET", "/results/{review}/", PUBLIC),
    Row("GET", "/results/{campaign}/", expect(404), note="not published: nothing public"),
    Row("GET", "/results/{review}.csv", PUBLIC),
    Row("GET", "/results/{review}.json", PUBLIC),
    # ---- cultivation
    Row("GET", "/cultivation/", expect(403, anon=LOGIN, ent_a=200, ent_b=200, commission=200)),
    Row("GET", "/cultivation/{cu_a}/", expect(404, anon=LOGIN, ent_a=200, commission=200)),
    Row("POST", "/cultivation/{cu_a}/report/", expect(404, anon=LOGIN, ent_a=redirect_to("/cultivation/"),
                                                     commission=redirect_to("/cultivation/")),
        data={"period": "2025年三季度", "text": "进展顺利"}, writes={"ent_a"}, note="the commission reads, the enterprise files"),
    # ---- the API
    Row("GET", "/api/v1/reviews/assignments?campaign_id={review}", API_EXPERTS_AND_MANAGERS),
    Row("POST", "/api/v1/reviews/assignments", expect(403, anon=401, commission=201, admin=201),
        json=lambda w: {"application_id": w.keys["rev_a"], "expert_id": w.keys["expert_unassigned_id"]}, writes=MANAGERS),
    Row("POST", "/api/v1/reviews/campaigns/{review}/assignments/auto", API_MANAGE, writes=MANAGERS),
    Row("POST", "/api/v1/reviews/campaigns/{review}/assignments/publish", API_MANAGE, writes=MANAGERS),
    Row("GET", "/api/v1/reviews/conflicts", API_EXPERTS_AND_MANAGERS),
    Row("POST", "/api/v1/reviews/conflicts", expect(403, anon=401, expert_assigned=201, expert_unassigned=201, commission=201,
                                                    admin=201),
        json=lambda w: {"enterprise_uscc": w.keys["ent_b_uscc"], "kind": "other", "expert_id": w.keys["expert_unassigned_id"]},
        writes={"expert_assigned", "expert_unassigned", "commission", "admin"},
        note="an expert declares for themself (expert_id ignored); the commission pins for the expert named"),
    Row("POST", "/api/v1/reviews/assignments/{asg_a}/conflict", API_OWN_ASSIGNMENT, json={"kind": "advised"},
        writes={"expert_assigned"}),
    Row("GET", "/api/v1/reviews/assignments/{asg_a}/scores", API_OWN_ASSIGNMENT),
    Row("PUT", "/api/v1/reviews/assignments/{asg_a}/scores", API_OWN_ASSIGNMENT, json=SCORES, writes={"expert_assigned"}),
    Row("GET", "/api/v1/reviews/applications/{rev_a}/scores", API_MANAGE),
    Row("GET", "/api/v1/reviews/applications/{rev_a}/onsite-checks", API_MANAGE),
    Row("POST", "/api/v1/reviews/applications/{rev_a}/onsite-checks", expect(403, anon=401, commission=201, admin=201),
        json=lambda w: {"date": w.keys["today"], "team": "甲", "conclusion": "pending"}, writes=MANAGERS),
    Row("GET", "/api/v1/decisions/outbox", expect(403, anon=401, commission=200)),
    Row("POST", "/api/v1/decisions/applications/{rev_ur}", expect(403, anon=401, commission=200),
        json={"outcome": "rejected", "reason": "理由"}, writes={"commission"}),
    Row("POST", "/api/v1/decisions/outbox/release", expect(403, anon=401, commission=200),
        json=lambda w: {"decision_ids": [w.keys["dec"]]}, writes={"commission"}),
    Row("POST", "/api/v1/decisions/campaigns/{campaign}/publish", expect(403, anon=401, commission=200), json={},
        writes={"commission"}),
    Row("GET", "/api/v1/results", PUBLIC),
    Row("GET", "/api/v1/results/{review}", PUBLIC),
    Row("GET", "/api/v1/cultivation", expect(200, anon=401)),
    Row("GET", "/api/v1/cultivation/{cu_a}", expect(404, anon=401, ent_a=200, commission=200)),
    Row("POST", "/api/v1/cultivation/{cu_a}/milestones", expect(404, anon=401, ent_a=200, commission=403),
        json=lambda w: {"title": "AI 质检上线", "due_on": w.keys["due_on"]}, writes={"ent_a"}),
    Row("POST", "/api/v1/cultivation/{cu_a}/reports", expect(404, anon=401, ent_a=200, commission=403),
        json={"period": "三季度", "text": "进展"}, writes={"ent_a"}),
    Row("POST", "/api/v1/cultivation/{cu_a}/acceptance", expect(404, anon=401, ent_a=200, commission=403),
        json={"summary": "已达到培育目标"}, writes={"ent_a"}),
    Row("POST", "/api/v1/cultivation/{cu_b}/initial-review", expect(404, anon=401, ent_b=403, commission=200),
        json={"passed": True}, writes={"commission"}),
]
