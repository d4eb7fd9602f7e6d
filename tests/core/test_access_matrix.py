"""Every page, for every kind of visitor: a log-in redirect or 403 where not allowed, never 5xx."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factorytier.accounts.choices import Role
from factorytier.applications.models import Attachment, Version
from factorytier.applications.submission import freeze
from factorytier.jobs.models import Job

from ..conftest import all_url_patterns
from ..factories import ApplicationFactory, CampaignFactory, UserFactory, enterprise_user, recommender

pytestmark = pytest.mark.django_db

PUBLIC = {"/accounts/login/", "/accounts/register/", "/check/", "/verify/", "/accounts/password/reset/",
          "/accounts/password/reset/sent/", "/accounts/password/reset/complete/", "/healthz"}
# The front page is public logged out and each role's home logged in.
FRONT = "/"
OWNER = {Role.ENTERPRISE}
# Who may open each page (a 404 for an object they cannot see also counts as refused).
ALLOWED = {
    "/": "all", "/notices/": "all", "/accounts/profile/": "all", "/accounts/password/": "all",
    "/campaigns/": {Role.COMMISSION, Role.ADMIN}, "/campaigns/new/": {Role.COMMISSION, Role.ADMIN},
    "/campaigns/{c}/": {Role.COMMISSION, Role.ADMIN}, "/campaigns/{c}/edit/": {Role.COMMISSION, Role.ADMIN},
    "/audit/": {Role.COMMISSION, Role.ADMIN}, "/audit/export/": {Role.COMMISSION, Role.ADMIN}, "/applications/": "all",
    "/applications/{a}/": {Role.ENTERPRISE, Role.RECOMMENDER, Role.COMMISSION, Role.ADMIN},
    "/jobs/{j}/": "owner",
    "/applications/readiness/": OWNER, "/applications/{d}/edit/": OWNER,
    "/applications/{d}/versions/": OWNER, "/applications/{d}/versions/compare/?a=1&b=2": OWNER, "/applications/{d}/findings/": OWNER,
    "/applications/{d}/attachments/{t}/": {Role.ENTERPRISE, Role.ADMIN},
    "/documents/{s}/{fmt}/": {Role.ENTERPRISE, Role.RECOMMENDER, Role.COMMISSION, Role.ADMIN},
}
POST_ONLY = ["/accounts/logout/", "/accounts/tokens/new/", "/accounts/tokens/1/revoke/", "/applications/new/",
             "/applications/{a}/move/", "/campaigns/{c}/export/", "/jobs/{j}/download/", "/applications/{d}/autosave/",
             "/applications/{d}/attachments/", "/applications/{d}/attachments/{t}/remove/",
             "/applications/{d}/versions/1/restore/"]
ALWAYS_PUBLIC = ["/verify/{digest}", "/accounts/password/reset/{digest}/{fmt}/"]


def all_site_patterns():
    return [p for p in all_url_patterns() if not p.startswith(("admin/", "api/", "i18n/"))]


def shape(path: str) -> str:
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{x}", path.split("?")[0].replace("/1/", "/{x}/"))


def test_every_page_is_in_this_matrix():
    covered = {shape(c) for c in [*ALLOWED, *POST_ONLY, *PUBLIC, *ALWAYS_PUBLIC]}
    missing = [p for p in all_site_patterns() if shape("/" + p) not in covered]
    assert not missing, f"pages missing from the access matrix: {missing}"


@pytest.fixture
def world(admin_user, commission_user, expert_user):
    campaign = CampaignFactory()
    application = ApplicationFactory(campaign=campaign, state="submitted")
    users = {
        Role.ENTERPRISE: enterprise_user(application.enterprise),
        Role.RECOMMENDER: recommender(application.enterprise.recommending_unit),
        Role.COMMISSION: commission_user, Role.EXPERT: expert_user, Role.ADMIN: admin_user,
    }
    job = Job.objects.create(owner=commission_user, kind="campaign_export", label="导出")
    draft = ApplicationFactory(campaign=campaign, enterprise=application.enterprise, tier="leading")
    for number in (1, 2):
        Version.objects.create(application=draft, number=number, title=draft.title, content={}, saved_at=campaign.application_deadline)
    attachment = Attachment.objects.create(application=draft, name="证书.pdf", size=4, content_type="application/pdf",
                                           sha256="0" * 64, uploaded_at=campaign.application_deadline,
                                           file=SimpleUploadedFile("x.pdf", b"%PDF"))
    snapshot = freeze(application, campaign.application_deadline)
    return {"c": campaign.pk, "a": application.pk, "j": job.pk, "d": draft.pk, "t": attachment.pk, "s": snapshot.pk,
            "digest": snapshot.digest, "fmt": "pdf", "users": users}


def urls(world, templates):
    keys = ("c", "a", "j", "d", "t", "s", "digest", "fmt")
    return [(t, t.format(**{k: world[k] for k in keys})) for t in templates]


def test_logged_out_visitor_is_sent_to_log_in_and_never_sees_an_error(client, world):
    for _template, url in urls(world, [t for t in ALLOWED if t != FRONT] + POST_ONLY):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code < 500, (url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), (url, response["Location"])
            else:
                assert response.status_code in (403, 404, 405), (url, response.status_code)
    for url in [*PUBLIC, FRONT]:
        assert client.get(url).status_code == 200
    for _template, url in urls(world, ALWAYS_PUBLIC):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_its_pages_and_403_elsewhere(client, world, role, login):
    user = world["users"][role]
    login(user)
    for template, url in urls(world, ALLOWED):
        response = client.get(url)
        allowed = ALLOWED[template]
        if allowed == "all" or (allowed == "owner" and role == Role.COMMISSION) or (allowed not in ("all", "owner") and role in allowed):
            # a download not rendered yet answers with the progress page of its rendering job
            ok = response.status_code == 200 or (response.status_code == 302 and response["Location"].startswith("/jobs/"))
            assert ok, (role, url, response.status_code)
        else:
            assert response.status_code in (403, 404), (role, url, response.status_code)
    for _template, url in urls(world, POST_ONLY):
        assert client.post(url).status_code < 500, (role, url)


def test_a_recommender_of_another_district_cannot_see_the_application(client, world, login):
    login(recommender())
    assert client.get(f"/applications/{world['a']}/").status_code == 404


def test_other_enterprise_cannot_see_the_application(client, world, login):
    login(enterprise_user())
    assert client.get(f"/applications/{world['a']}/").status_code == 404


def test_unknown_pages_answer_404_not_500(client, world, login):
    assert client.get("/no-such-page/").status_code == 404
    login(UserFactory(role=Role.ENTERPRISE))  # an enterprise user without an enterprise
    assert client.get("/").status_code == 200
    assert client.get("/applications/999999/").status_code == 404


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/api/v1/openapi.json", "/api/v1/docs", "/static/factorytier/app.css",
                                  "/verify/not-a-digest", "/documents/1/pdf/", "/jobs/not-a-uuid/"])
def test_other_entry_points_never_answer_5xx_logged_out(client, path):
    assert client.get(path).status_code < 500
