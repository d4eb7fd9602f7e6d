"""Rows for the web site's pages and forms (core, accounts, campaigns, applications, audit, jobs,
checker, documents and verification)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from ..factories import EXCELLENT_ATTESTATIONS, CampaignFactory, scenario_form_data
from .harness import ANY_REDIRECT, LOGGED_IN, LOGIN, Row, expect, redirect_to
from .world import PDF

ALL_200 = expect(200, anon=LOGIN)
STAFF = dict(commission=200, admin=200)  # the commission's own pages
ENTERPRISES = dict(ent_a=200, ent_b=200)
# Who sees A's submitted application (and its snapshot, attachments, documents).
SEES_SUB_A = dict(ent_a=200, officer=200, expert_assigned=200, commission=200, admin=200)
SEES_SUB_B = dict(ent_b=200, officer_other=200, commission=200, admin=200)
# Editor pages: only A's own users, the rest of the logged-in world gets 403.
EDITOR = expect(403, anon=LOGIN, ent_a=200)


def extend_world(world):
    # A second open campaign in which nobody has applied yet: both enterprises may create an application.
    world.keys["campaign_new"] = CampaignFactory(tiers_open=["excellent"]).pk


def _pdf(world):
    return {"file": SimpleUploadedFile("检测报告.pdf", PDF, content_type="application/pdf"), "kind": "检测报告"}


def _campaign_form(world):
    return {
        "name": "2026年度上海市智能工厂申报（矩阵）", "year": "2026", "region": "上海市", "notice_no": "",
        "tiers_open": ["excellent"], "application_deadline": "2026-07-11T23:59:59",
        "recommendation_deadline": "2026-07-31T23:59:59", "branch_allowed_industries": "石油石化",
        "is_active": "on", "quotas-TOTAL_FORMS": "0", "quotas-INITIAL_FORMS": "0",
    }


def _readiness_form(world):
    return {**scenario_form_data(EXCELLENT_ATTESTATIONS), "cmmm_level": "3", "cmmm_certificate_no": "CMMM-2024-001",
            "cmmm_certificate_date": "2024-05-20", "current_rating": "advanced"}


ROWS = [
    # --- core, accounts --------------------------------------------------------------------------
    # The front page: public logged out (what the platform is, open campaigns), each role's home logged in.
    Row("GET", "/", expect(200)),
    Row("GET", "/healthz", expect(200), note="the operators' probe: touches neither database nor session"),
    Row("GET", "/notices/", ALL_200),
    # Password reset through Django's own views; an unknown link answers with its own page.
    Row("GET", "/accounts/password/reset/", expect(200)),
    Row("GET", "/accounts/password/reset/sent/", expect(200)),
    Row("GET", "/accounts/password/reset/MQ/set-password/", expect(200)),
    Row("GET", "/accounts/password/reset/complete/", expect(200)),
    Row("GET", "/audit/export/", expect(403, anon=LOGIN, commission=200, admin=200)),
    Row("GET", "/accounts/login/", expect(redirect_to("/"), anon=200)),
    Row("POST", "/accounts/login/", expect(redirect_to("/"), anon=200), data={"username": "nobody", "password": "wrong"},
        note="a wrong password: the form again, nothing written"),
    Row("GET", "/accounts/register/", expect(redirect_to("/"), anon=200)),
    Row("POST", "/accounts/register/", expect(redirect_to("/"), anon=200), data={"name": "x"},
        note="an incomplete registration: the form with messages, nothing written"),
    Row("POST", "/accounts/logout/", expect(LOGIN), writes=set(LOGGED_IN), note="the log-out is audited"),
    Row("GET", "/accounts/profile/", ALL_200),
    Row("GET", "/accounts/password/", ALL_200),
    Row("POST", "/accounts/password/", ALL_200, data={"old_password": "wrong", "new_password1": "x", "new_password2": "y"}),
    Row("POST", "/accounts/tokens/new/", expect(redirect_to("/accounts/profile/"), anon=LOGIN), data={"name": "矩阵"},
        writes=set(LOGGED_IN)),
    Row("POST", "/accounts/tokens/{token_a}/revoke/", expect(404, anon=LOGIN, ent_a=redirect_to("/accounts/profile/")),
        writes={"ent_a"}),
    # --- campaigns (the commission's) ------------------------------------------------------------
    Row("GET", "/campaigns/", expect(403, anon=LOGIN, **STAFF)),
    Row("GET", "/campaigns/new/", expect(403, anon=LOGIN, **STAFF)),
    Row("POST", "/campaigns/new/", expect(403, anon=LOGIN, commission=redirect_to("/campaigns/"),
                                          admin=redirect_to("/campaigns/")),
        data=_campaign_form, writes={"commission", "admin"}),
    Row("GET", "/campaigns/{campaign}/", expect(403, anon=LOGIN, **STAFF)),
    Row("GET", "/campaigns/{campaign}/edit/", expect(403, anon=LOGIN, **STAFF)),
    Row("POST", "/campaigns/{campaign}/edit/", expect(403, anon=LOGIN, commission=redirect_to("/campaigns/{campaign}/"),
                                                      admin=redirect_to("/campaigns/{campaign}/")),
        data=_campaign_form, writes={"commission", "admin"}),
    Row("POST", "/campaigns/{campaign}/export/", expect(403, anon=LOGIN, commission=redirect_to("/jobs/"),
                                                        admin=redirect_to("/jobs/")),
        writes={"commission", "admin"}),
    Row("GET", "/audit/", expect(403, anon=LOGIN, **STAFF)),
    # --- applications ----------------------------------------------------------------------------
    Row("GET", "/applications/", ALL_200),
    Row("POST", "/applications/new/", expect(403, anon=LOGIN, ent_a=redirect_to("/applications/"),
                                             ent_b=redirect_to("/applications/")),
        data={"campaign": "{campaign_new}", "tier": "excellent"}, writes={"ent_a", "ent_b"}),
    Row("GET", "/applications/readiness/", expect(403, anon=LOGIN, **ENTERPRISES)),
    Row("POST", "/applications/readiness/", expect(403, anon=LOGIN, ent_a=redirect_to("/applications/readiness/"),
                                                   ent_b=redirect_to("/applications/readiness/")),
        data=_readiness_form, writes={"ent_a", "ent_b"}),
    Row("GET", "/applications/{draft_a}/", expect(404, anon=LOGIN, ent_a=200, admin=200)),
    Row("GET", "/applications/{sub_a}/", expect(404, anon=LOGIN, **SEES_SUB_A)),
    Row("GET", "/applications/{sub_b}/", expect(404, anon=LOGIN, **SEES_SUB_B)),
    Row("POST", "/applications/{draft_a}/move/", expect(404, anon=LOGIN, ent_a=redirect_to("/applications/{draft_a}/"),
                                                        admin=redirect_to("/applications/{draft_a}/")),
        data={"to_state": "submitted", "confirmed": "1"}, writes={"ent_a"}, note="the administrator may see but not submit"),
    Row("POST", "/applications/{sub_a}/move/", expect(404, anon=LOGIN, **{r: redirect_to("/applications/{sub_a}/") for r in (
        "ent_a", "officer", "expert_assigned", "commission", "admin")}),
        data={"to_state": "returned", "reason": "请补充场景说明"}, writes={"officer"},
        note="only the officer of A's unit may return it"),
    Row("GET", "/applications/{draft_a}/edit/", EDITOR),
    Row("GET", "/applications/{draft_b}/edit/", expect(403, anon=LOGIN, ent_b=200)),
    Row("GET", "/applications/{sub_a}/edit/", expect(403, anon=LOGIN, ent_a=redirect_to("/applications/{sub_a}/"))),
    Row("POST", "/applications/{draft_a}/autosave/", EDITOR,
        json={"version": 2, "changes": {"factory.summary": "矩阵修改的项目简介"}}, writes={"ent_a"}),
    Row("GET", "/applications/{draft_a}/findings/", EDITOR),
    Row("GET", "/applications/{draft_a}/versions/", EDITOR),
    Row("GET", "/applications/{draft_a}/versions/compare/?a=1&b=2", EDITOR),
    Row("POST", "/applications/{draft_a}/versions/1/restore/",
        expect(403, anon=LOGIN, ent_a=redirect_to("/applications/{draft_a}/edit/")), data={"version": "2"}, writes={"ent_a"}),
    Row("POST", "/applications/{draft_a}/attachments/",
        expect(403, anon=LOGIN, ent_a=redirect_to("/applications/{draft_a}/edit/")), data=_pdf, writes={"ent_a"}),
    Row("GET", "/applications/{draft_a}/attachments/{att_a}/", expect(404, anon=LOGIN, ent_a=200, admin=200)),
    Row("GET", "/applications/{sub_a}/attachments/{att_sub_a}/", expect(404, anon=LOGIN, **SEES_SUB_A)),
    Row("POST", "/applications/{draft_a}/attachments/{att_a}/remove/",
        expect(403, anon=LOGIN, ent_a=redirect_to("/applications/{draft_a}/edit/")), writes={"ent_a"}),
    # --- jobs, documents, the public pages -------------------------------------------------------
    Row("GET", "/jobs/{job_c}/", expect(404, anon=LOGIN, commission=200)),
    Row("GET", "/jobs/{job_c}/download/", expect(404, anon=LOGIN, commission=200)),
    Row("GET", "/documents/{snap_a}/pdf/", expect(404, anon=LOGIN, **SEES_SUB_A)),
    Row("GET", "/documents/{snap_b}/docx/", expect(404, anon=LOGIN, **{r: redirect_to("/jobs/") for r in SEES_SUB_B}),
        note="not rendered yet: the rendering job's progress page"),
    Row("GET", "/check/", expect(200)),
    Row("POST", "/check/", expect(200), data={"name": "x", "cmmm_level": "3", "sc-TOTAL_FORMS": "0", "sc-INITIAL_FORMS": "0"}),
    Row("GET", "/verify/", expect(200)),
    Row("POST", "/verify/", expect(200), data=lambda w: {"file": SimpleUploadedFile("a.pdf", b"not a pdf")}),
    Row("GET", "/verify/{digest_a}", expect(200)),
    Row("GET", "/verify/" + "0" * 64, expect(404)),
    # A signed-in user's choice is kept on the account (notices and mails in that language).
    Row("POST", "/i18n/setlang/", expect(ANY_REDIRECT), data={"language": "en", "next": "/"}, writes=set(LOGGED_IN)),
]

ROWS += [
    # Readiness evidence: the enterprise's own, and whoever sees one of its applications.
    Row("GET", "/applications/readiness/evidence/{ev_a}/", expect(404, anon=LOGIN, **SEES_SUB_A)),
]
