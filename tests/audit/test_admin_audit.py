"""Admin-side changes that must reach the audit log: group changes, deleted quota rows (with their id and
before-value); users with history are deactivated, never deleted."""

import pytest
from django.contrib.auth.models import Group, Permission

from factorytier.audit.models import AuditEntry
from factorytier.audit.services import record
from factorytier.campaigns.models import Campaign

from ..campaigns.test_campaign_admin import campaign_post
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_group_permission_changes_are_audited(client, login, admin_user):
    group = Group.objects.create(name="数据查询")
    perm = Permission.objects.get(codename="view_auditentry")
    login(admin_user)
    response = client.post(f"/admin/auth/group/{group.pk}/change/", {"name": "数据查询", "permissions": [perm.pk]})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="admin.change", object_type="auth.group").order_by("id").last()
    assert entry.before["permissions"] == [] and len(entry.after["permissions"]) == 1


def test_a_users_group_change_is_audited(client, login, admin_user):
    group = Group.objects.create(name="区级管理员")
    user = UserFactory(username="officer1")
    login(admin_user)
    data = {"username": "officer1", "display_name": "", "role": "recommender", "enterprise": "", "unit": "",
            "mobile": "", "email": "", "is_active": "on", "groups": [group.pk],
            "last_login_0": "", "last_login_1": "", "date_joined_0": "2025-01-01", "date_joined_1": "10:00:00"}
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    entry = AuditEntry.objects.filter(action="admin.change", object_type="accounts.user", object_id=str(user.pk)).order_by("id").last()
    assert entry.after == {"groups": ["区级管理员"]}


def test_a_user_with_history_is_offered_deactivation_not_deleted(client, login, admin_user):
    user = UserFactory(username="leaver")
    record(user, "user.login", user)
    login(admin_user)
    response = client.get(f"/admin/accounts/user/{user.pk}/delete/")
    assert response.status_code == 302
    client.post(f"/admin/accounts/user/{user.pk}/delete/", {"post": "yes"})
    user.refresh_from_db()  # still there, and so is its history
    assert AuditEntry.objects.filter(actor=user).exists()
    response = client.post("/admin/accounts/user/", {"action": "deactivate_users", "_selected_action": [user.pk]})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert AuditEntry.objects.filter(action="user.deactivate", object_id=str(user.pk), actor=admin_user).exists()


def test_a_quota_deletion_names_the_quota_and_its_before_value(client, login, commission_user):
    login(commission_user)
    client.post("/campaigns/new/", campaign_post())
    campaign = Campaign.objects.get(year=2026)
    leading = campaign.quotas.get(tier="leading")
    excellent = campaign.quotas.get(tier="excellent")
    data = campaign_post(**{
        "quotas-TOTAL_FORMS": "2", "quotas-INITIAL_FORMS": "2",
        "quotas-0-id": str(excellent.pk), "quotas-0-campaign": str(campaign.pk),
        "quotas-1-id": str(leading.pk), "quotas-1-campaign": str(campaign.pk), "quotas-1-DELETE": "on",
    })
    response = client.post(f"/campaigns/{campaign.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    entry = AuditEntry.objects.get(action="quota.delete")
    assert entry.object_id == str(leading.pk)
    assert entry.before["limit"] == 1 and entry.before["tier"] == "leading"
