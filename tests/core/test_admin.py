import pytest

from factorytier.accounts.models import User
from factorytier.audit.models import AuditEntry

from ..factories import ApplicationFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [
    "/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/", "/admin/accounts/enterprise/",
    "/admin/accounts/recommendingunit/", "/admin/accounts/apitoken/", "/admin/campaigns/campaign/",
    "/admin/applications/application/", "/admin/reviews/assignment/", "/admin/reviews/assignment/add/",
    "/admin/audit/auditentry/",
])
def test_admin_pages_open(client, login, admin_user, path):
    ApplicationFactory()
    login(admin_user)
    assert client.get(path).status_code == 200


def test_the_administrator_creates_a_district_officer_and_it_is_audited(client, login, admin_user):
    unit = UnitFactory(name="闵行区经济委员会", district="闵行区")
    login(admin_user)
    response = client.post("/admin/accounts/user/add/", {
        "username": "minhang-officer", "password1": "Officer-pass-2025!", "password2": "Officer-pass-2025!",
        "display_name": "闵行推荐员", "role": "recommender", "unit": unit.pk, "mobile": "13912340000", "email": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    officer = User.objects.get(username="minhang-officer")
    assert officer.unit == unit and officer.role == "recommender"
    assert AuditEntry.objects.filter(action="admin.add", object_id=str(officer.pk), actor=admin_user).exists()


def test_nobody_else_reaches_the_admin(client, login, commission_user):
    login(commission_user)
    assert client.get("/admin/accounts/user/").status_code == 302


def test_admin_quota_inline_and_password_changes_are_audited(client, login, admin_user):
    from factorytier.campaigns.models import Quota

    from ..factories import CampaignFactory, enterprise_user

    campaign = CampaignFactory()
    quota = Quota.objects.get(campaign=campaign, tier="excellent")
    login(admin_user)
    page = client.get(f"/admin/campaigns/campaign/{campaign.pk}/change/")
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if not isinstance(v, list)}
    data.update({
        "name": campaign.name, "year": campaign.year, "region": campaign.region, "catalogue": campaign.catalogue,
        "tiers_open": '["excellent", "leading"]', "branch_allowed_industries": '["石油石化"]', "text_limits": "{}",
        "application_deadline_0": "2025-07-11", "application_deadline_1": "23:59:59",
        "recommendation_deadline_0": "2025-07-11", "recommendation_deadline_1": "23:59:59", "is_active": "on",
        "quotas-TOTAL_FORMS": "2", "quotas-INITIAL_FORMS": "2", "quotas-MIN_NUM_FORMS": "0", "quotas-MAX_NUM_FORMS": "1000",
    })
    for i, q in enumerate(campaign.quotas.order_by("tier", "id")):
        data.update({f"quotas-{i}-id": q.pk, f"quotas-{i}-campaign": campaign.pk, f"quotas-{i}-tier": q.tier,
                     f"quotas-{i}-unit": "", f"quotas-{i}-limit": 8 if q.pk == quota.pk else q.limit})
        if q.pilot_exempt:
            data[f"quotas-{i}-pilot_exempt"] = "on"
    data.pop("application_opens_at", None)
    response = client.post(f"/admin/campaigns/campaign/{campaign.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(action="admin.change", object_type="campaigns.quota")
    assert entry.before["limit"] == 6 and entry.after["limit"] == 8

    target = enterprise_user()
    response = client.post(f"/admin/accounts/user/{target.pk}/password/",
                           {"password1": "Brand-new-pass-2026!", "password2": "Brand-new-pass-2026!", "usable_password": "true"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="admin.password_change", object_id=str(target.pk)).exists()
