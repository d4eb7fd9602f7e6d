"""`core.rows` writes what the ORM would write: a version, an audit entry and a save's update read back
through the ORM equal what was given, on SQLite and on PostgreSQL."""

import datetime
import uuid

import pytest
from django.db import DatabaseError

from factorytier.applications.models import Application, Version
from factorytier.audit.models import AuditEntry
from factorytier.core import clock, rows

from ..factories import ApplicationFactory, enterprise_user

pytestmark = pytest.mark.django_db


def test_an_inserted_version_reads_back_as_given():
    application = ApplicationFactory()
    user = enterprise_user(application.enterprise)
    save_id = uuid.uuid4()
    at = clock.shanghai(2025, 7, 1, 10, 30)
    version = Version(application=application, number=7, title="柔性产线项目", content=None,
                      delta=[[["factory", "summary"], "建设“柔性”产线 = 1 + 1"]], changed=["factory.summary"],
                      saved_by=user, saved_at=at, save_id=save_id)
    rows.insert(version)
    assert version.pk and not version._state.adding
    stored = Version.objects.get(pk=version.pk)
    assert (stored.application_id, stored.number, stored.title, stored.content, stored.delta, stored.changed,
            stored.saved_by_id, stored.saved_at, stored.save_id, stored.note) == (
        application.pk, 7, "柔性产线项目", None, [[["factory", "summary"], "建设“柔性”产线 = 1 + 1"]],
        ["factory.summary"], user.pk, at, save_id, "")


def test_an_inserted_audit_entry_reads_back_with_its_address_and_values():
    entry = AuditEntry(at=clock.now(), actor=None, actor_label="系统", ip_address="10.1.2.3", action="application.save",
                       object_type="applications.application", object_id="5", object_label="测试",
                       before={"version": 1, "sha256": {"title": "ab"}}, after={"fields": ["项目名称"]})
    rows.insert(entry)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.ip_address, stored.before, stored.after, stored.action) == (
        "10.1.2.3", {"version": 1, "sha256": {"title": "ab"}}, {"fields": ["项目名称"]}, "application.save")


def test_an_update_writes_only_the_named_fields_and_stamps_updated_at():
    application = ApplicationFactory(title="旧名称")
    Application.objects.filter(pk=application.pk).update(updated_at=clock.now() - datetime.timedelta(days=1))
    application.refresh_from_db()
    earlier = application.updated_at
    application.title, application.content, application.tier = "新名称", {"factory": {"summary": "数据驱动"}}, "leading"
    rows.update(application, ["title", "content", "updated_at"])
    stored = Application.objects.get(pk=application.pk)
    assert (stored.title, stored.content["factory"]["summary"]) == ("新名称", "数据驱动")
    assert stored.tier != "leading"  # not named: not written
    assert stored.updated_at > earlier and stored.updated_at == application.updated_at


def test_an_update_of_a_row_that_is_gone_fails_as_django_does():
    application = ApplicationFactory()
    ghost = Application.objects.get(pk=application.pk)
    Application.objects.filter(pk=application.pk).delete()
    ghost.title = "已删除"
    with pytest.raises(DatabaseError):
        rows.update(ghost, ["title"])


def test_a_model_with_save_receivers_is_saved_by_the_orm_so_they_run():
    from django.db.models.signals import post_save

    application = ApplicationFactory()
    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((sender, created))

    post_save.connect(receiver, sender=Version, dispatch_uid="test_rows_receiver")
    try:
        rows.insert(Version(application=application, number=9, title="t", changed=[], saved_at=clock.now()))
        post_save.connect(receiver, sender=Application, dispatch_uid="test_rows_receiver_app")
        application.title = "有接收者"
        rows.update(application, ["title"])
        application.title = "调用方说无需接收者"
        rows.update(application, ["title"], receivers=False)  # written by the statement, receivers not run
    finally:
        post_save.disconnect(sender=Version, dispatch_uid="test_rows_receiver")
        post_save.disconnect(sender=Application, dispatch_uid="test_rows_receiver_app")
    assert heard == [(Version, True), (Application, False)]
    assert Application.objects.get(pk=application.pk).title == "调用方说无需接收者"


@pytest.mark.skipif(__import__("django.db").db.connection.vendor != "postgresql", reason="server-side binding is PostgreSQL's")
def test_on_postgresql_a_saves_values_travel_apart_from_its_statement():
    # Sent apart, a statement run again on the connection is prepared: PostgreSQL holds it with $1, $2.
    from django.db import connection

    application = ApplicationFactory()
    application.content = {**application.content, "factory": {"summary": "独一无二的'长文本' " * 50}}
    for _ in range(3):  # prepared once run twice (DATABASE_PREPARE_THRESHOLD)
        rows.update(application, ["content"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
                       ['UPDATE "applications_application" SET "content"%'])
        assert [r[0] for r in cursor.fetchall()] == ['UPDATE "applications_application" SET "content" = $1 WHERE "id" = $2']
    assert Application.objects.get(pk=application.pk).content["factory"]["summary"].startswith("独一无二的'长文本'")


@pytest.mark.skipif(__import__("django.db").db.connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_on_postgresql_the_user_read_every_request_makes_is_prepared_once_per_connection():
    from django.db import connection

    from factorytier.accounts.backends import _user_statement, user_with_organisation

    user = enterprise_user()
    for _ in range(3):
        assert user_with_organisation(user.pk).pk == user.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement = %s",
                       [_user_statement().replace("%s", "$1")])
        assert cursor.fetchone()[0] == 1  # planned once on this connection, not on every request


@pytest.mark.parametrize(("value", "expected"), [(None, "2"), ("5", "5"), ("off", "None")])
def test_the_prepare_threshold_is_read_from_the_environment(value, expected):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x", "DJANGO_SETTINGS_MODULE": "factorytier.settings"}
    env.pop("DATABASE_PREPARE_THRESHOLD", None)
    if value is not None:
        env["DATABASE_PREPARE_THRESHOLD"] = value
    out = subprocess.run([sys.executable, "-c", "from factorytier import settings as s; o = s.DATABASES['default']['OPTIONS'];"
                          "print(o['server_side_binding'], o['prepare_threshold'])"], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["True", expected], out.stderr


def test_a_prepare_threshold_that_is_not_a_number_stops_the_start_with_its_name():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x", "DATABASE_PREPARE_THRESHOLD": "twice"}
    out = subprocess.run([sys.executable, "-c", "import factorytier.settings"], env=env, capture_output=True, text=True)
    assert out.returncode != 0 and "DATABASE_PREPARE_THRESHOLD" in out.stderr
