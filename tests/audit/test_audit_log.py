import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from factorytier.applications.models import State
from factorytier.applications.services import MOVES, set_application_state
from factorytier.audit.models import AuditEntry
from factorytier.audit.services import record
from factorytier.core import clock

from ..conftest import all_url_patterns
from ..factories import ApplicationFactory, UserFactory, enterprise_user, ready_application, recommender

pytestmark = pytest.mark.django_db


def actor_for(move_permission, application, commission):
    if move_permission in {"applications.return", "applications.recommend"}:
        return recommender(application.enterprise.recommending_unit)
    if move_permission in {"applications.decide", "applications.reopen_recommendation"}:
        return commission
    return enterprise_user(application.enterprise)


@pytest.mark.parametrize(("source", "target"), list(MOVES))
def test_every_state_change_writes_one_audit_entry(source, target, commission_user):
    application = ready_application(state=source)
    actor = actor_for(MOVES[(source, target)].permission, application, commission_user)
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 9)):
        set_application_state(application, target, actor, reason="测试理由")
    entries = AuditEntry.objects.filter(object_type="applications.application", object_id=str(application.pk))
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == actor and entry.action == f"application.{target}"
    assert entry.before == {"state": source} and entry.after["state"] == target
    assert application.history.get().to_state == target


def test_refused_change_writes_nothing(commission_user):
    application = ApplicationFactory(state=State.DRAFT)
    outsider = enterprise_user()
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 9)), pytest.raises(Exception, match="没有权限"):
        set_application_state(application, State.SUBMITTED, outsider)
    assert not AuditEntry.objects.exists()


def test_entries_cannot_be_changed_or_deleted_through_the_orm():
    entry = record(UserFactory(), "test.action", note="原始")
    entry.note = "篡改"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="篡改")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_updates_too():
    entry = record(UserFactory(), "test.action", note="原始")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET note = %s WHERE id = %s", ["篡改", entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).note == "原始"


def test_no_web_or_api_path_edits_the_log():
    """No URL of the site or the API names a change, delete or add of audit entries."""
    patterns = all_url_patterns()
    # The admin's generic routes exist for every model; test_admin_offers_no_change shows they refuse.
    audit_paths = [p for p in patterns if "audit" in p and not p.startswith("admin/")]
    assert audit_paths, "the audit log must be browsable"
    assert all(not any(w in p for w in ("change", "delete", "add", "edit")) for p in audit_paths), audit_paths


def test_admin_offers_no_change(admin_user, login, client):
    entry = record(admin_user, "test.action")
    login(admin_user)
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    response = client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_commission_browses_and_filters(client, commission_user, login):
    record(commission_user, "campaign.update", note="一")
    record(commission_user, "application.recommended", note="二")
    login(commission_user)
    body = client.get("/audit/", {"action": "已推荐"}).content.decode()
    table = body[body.index("<table"):]
    assert "<td>已推荐</td>" in table and "修改申报批次" not in table and "application.recommended" not in table
    response = client.get("/audit/", {"date_from": "not-a-date"})
    assert response.status_code == 400 and "起始日期：请输入有效的日期" in response.content.decode()


def test_forwarded_addresses_are_trusted_only_as_configured(rf, settings):
    from factorytier.audit.middleware import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.7", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "127.0.0.1"
    settings.FACTORYTIER_TRUST_X_FORWARDED_FOR = True
    assert client_ip(request) == "10.0.0.7"  # the address our proxy appended, not the client's claim
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="not-an-ip", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
