"""Every page, for every role, in English: no interface text in Chinese (issue 12 item 5).

The world holds an object of every kind a page shows; every site URL pattern must have its page here
(a new route without one fails `test_every_page_is_rendered_in_english`)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factorytier.accounts.choices import Role
from factorytier.applications.models import Attachment, Readiness, State, Version
from factorytier.applications.services import set_application_state
from factorytier.core import clock
from factorytier.jobs.models import Job
from factorytier.reviews.models import Assignment

from ..conftest import all_url_patterns
from ..factories import ApplicationFactory, CampaignFactory, enterprise_user, ready_application, recommender
from .english import chinese_interface_text

pytestmark = pytest.mark.django_db
OPEN = clock.shanghai(2025, 7, 10, 15)

# Each site route and the page(s) standing for it ({x} filled from the world); None: no page of its own
# (POST-only, a file download or a redirect), checked elsewhere.
PAGES = {
    "": ["/"], "notices/": ["/notices/"],
    "accounts/login/": ["/accounts/login/"], "accounts/logout/": None, "accounts/register/": ["/accounts/register/"],
    "accounts/profile/": ["/accounts/profile/"], "accounts/password/": ["/accounts/password/"],
    "accounts/password/reset/": ["/accounts/password/reset/"], "accounts/password/reset/sent/": ["/accounts/password/reset/sent/"],
    "accounts/password/reset/<uidb64>/<token>/": ["/accounts/password/reset/MQ/bad-token/"],
    "accounts/password/reset/complete/": ["/accounts/password/reset/complete/"],
    "accounts/tokens/new/": None, "accounts/tokens/<int:pk>/revoke/": None,
    "campaigns/": ["/campaigns/"], "campaigns/new/": ["/campaigns/new/"], "campaigns/<int:pk>/": ["/campaigns/{c}/"],
    "campaigns/<int:pk>/edit/": ["/campaigns/{c}/edit/"], "campaigns/<int:pk>/export/": None,
    "applications/": ["/applications/"], "applications/new/": None, "applications/readiness/": ["/applications/readiness/"],
    "applications/<int:pk>/": ["/applications/{a}/", "/applications/{d}/"], "applications/<int:pk>/move/": None,
    "applications/<int:pk>/edit/": ["/applications/{d}/edit/"], "applications/<int:pk>/autosave/": None,
    "applications/<int:pk>/findings/": ["/applications/{d}/findings/"],
    "applications/<int:pk>/versions/": ["/applications/{d}/versions/"],
    "applications/<int:pk>/versions/compare/": ["/applications/{d}/versions/compare/?a=1&b=2"],
    "applications/<int:pk>/versions/<int:number>/restore/": None, "applications/<int:pk>/attachments/": None,
    "applications/<int:pk>/attachments/<int:attachment_id>/": None,
    "applications/<int:pk>/attachments/<int:attachment_id>/remove/": None,
    "audit/": ["/audit/"], "audit/export/": None, "jobs/<uuid:pk>/": ["/jobs/{j}/"], "jobs/<uuid:pk>/download/": None,
    "check/": ["/check/"], "healthz": None, "documents/<int:snapshot_id>/<str:fmt>/": None,
    "verify/": ["/verify/"], "verify/<str:digest>": ["/verify/{digest}", "/verify/" + "0" * 64],
}


def site_patterns():
    return [p for p in all_url_patterns() if not p.startswith(("admin/", "api/", "i18n/"))]


def test_every_page_is_rendered_in_english():
    missing = [p for p in site_patterns() if p not in PAGES]
    assert not missing, f"routes without a page in the English walk: {missing}"


@pytest.fixture
def world(admin_user, commission_user, expert_user):
    campaign = CampaignFactory()
    with clock.frozen_at(OPEN):
        submitted = ready_application(campaign=campaign)
        owner = enterprise_user(submitted.enterprise)
        set_application_state(submitted, State.SUBMITTED, owner)
    Readiness.objects.update_or_create(enterprise=submitted.enterprise, defaults={
        "cmmm_level": 3, "current_rating": "advanced", "attestations": {"R.B1": True, "R.B2": True},
        "scenarios": [{"guide_link": "生产作业", "scenario": "人机协同作业", "instance": "柔性加工", "uses_ai": True}],
    })
    draft = ApplicationFactory(campaign=campaign, enterprise=submitted.enterprise, tier="leading")
    for number in (1, 2):
        Version.objects.create(application=draft, number=number, title=draft.title, content={},
                               saved_at=campaign.application_deadline)
    Attachment.objects.create(application=draft, name="证书.pdf", size=4, content_type="application/pdf",
                              sha256="0" * 64, uploaded_at=campaign.application_deadline,
                              file=SimpleUploadedFile("x.pdf", b"%PDF"))
    Assignment.objects.create(application=submitted, expert=expert_user, assigned_at=campaign.application_deadline)
    job = Job.objects.create(owner=commission_user, kind="campaign_export", label="导出")
    users = {
        Role.ENTERPRISE: owner, Role.RECOMMENDER: recommender(submitted.enterprise.recommending_unit),
        Role.COMMISSION: commission_user, Role.EXPERT: expert_user, Role.ADMIN: admin_user, "anonymous": None,
    }
    return {"c": campaign.pk, "a": submitted.pk, "d": draft.pk, "j": job.pk,
            "digest": submitted.snapshots.first().digest, "users": users, "job_owner": commission_user}


def _pages(world):
    for pattern, pages in PAGES.items():
        for page in pages or []:
            yield pattern, page.format(**{k: world[k] for k in ("c", "a", "d", "j", "digest")})


# Pages whose interface text is not all in English yet (issue 12 item 5, left for the next round): the
# editor's 申报书 sections and KPI table (content.py labels and catalogue KPI names), the live findings
# panel's submission problems, the readiness and public check pages' scenario-guide terms, and the audit
# log's action and field words (also shown on the administrator's home). Everything else must be English.
UNFINISHED = {"/applications/{d}/edit/", "/applications/{d}/findings/", "/applications/readiness/", "/check/", "/audit/"}
UNFINISHED_FOR = {(Role.ADMIN, "/")}


def _chinese_on_pages(client, world, unfinished: bool):
    problems, rendered = [], 0
    for role, user in world["users"].items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for pattern, url in _pages(world):
            template = next(t for t in PAGES[pattern] if t.format(**{k: world[k] for k in ("c", "a", "d", "j", "digest")}) == url)
            is_unfinished = template in UNFINISHED or (role, template) in UNFINISHED_FOR
            if is_unfinished != unfinished:
                continue
            with clock.frozen_at(OPEN):
                response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            rendered += 1
            body = response.content.decode()
            assert '<html lang="en"' in body or not body.lstrip().startswith('<!DOCTYPE'), url
            problems += [f"{role} {url}: {text}" for text in chinese_interface_text(body)]
    return sorted(set(problems)), rendered


def test_no_interface_text_in_chinese_on_any_page_for_any_role(client, world):
    problems, rendered = _chinese_on_pages(client, world, unfinished=False)
    assert rendered > 40
    assert not problems, f"{len(problems)} pieces of interface text in Chinese:\n" + "\n".join(problems[:300])


@pytest.mark.xfail(strict=True, reason="issue 12 item 5 not finished on these pages (see UNFINISHED)")
def test_the_unfinished_pages_in_english(client, world):
    problems, rendered = _chinese_on_pages(client, world, unfinished=True)
    assert rendered and not problems, f"{len(problems)} pieces left:\n" + "\n".join(problems[:300])


def test_the_confirmation_pages_in_english(client, world):
    client.force_login(world["users"][Role.ENTERPRISE])
    with clock.frozen_at(OPEN):
        body = client.post(f"/applications/{world['a']}/move/", {"to_state": "withdrawn"},
                           HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What will happen" in body
    assert chinese_interface_text(body) == []


def test_the_finder_ignores_marked_data_and_field_values():
    html = ('<html lang="en"><body><p lang="zh-Hans">上海测试<b>公司</b></p><input value="张三" aria-label="Name">'
            '<textarea>项目简介</textarea><p>Status: 已提交</p><span title="提示">x</span></body></html>')
    assert chinese_interface_text(html) == ["Status: 已提交", "<span title>提示"]


def test_english_dates(client, world):
    client.force_login(world["users"][Role.ENTERPRISE])
    body = client.get(f"/applications/{world['a']}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r"\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d, \d\d:\d\d:\d\d", body)
