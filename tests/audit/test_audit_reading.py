"""Reading the audit log: each object's visibility applies, draft text and personal data stay hidden, entries
read in words, filters and export work and the export is itself audited."""

import io

import pytest
from openpyxl import load_workbook

from factorytier.applications.models import State
from factorytier.audit.models import AuditEntry
from factorytier.audit.services import record

from ..factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "我们的核心工艺参数是保密的：炉温 1234 度"


def _table(response) -> str:
    body = response.content.decode()
    return body[body.index("<table"):]


def test_commission_cannot_read_a_draft_through_the_log(client, login, commission_user, admin_user):
    draft = ApplicationFactory(state=State.DRAFT)
    owner = UserFactory(enterprise=draft.enterprise)
    record(owner, "application.save", draft, before={"factory.summary": ""}, after={"factory.summary": SECRET})
    login(commission_user)
    assert client.get(f"/applications/{draft.pk}/").status_code == 404
    by_object = _table(client.get("/audit/", {"object_id": draft.pk}))
    assert SECRET not in by_object and "保存申报书草稿" not in by_object
    assert SECRET not in _table(client.get("/audit/"))
    export = client.get("/audit/export/", {"object_id": draft.pk})
    ws = load_workbook(io.BytesIO(export.content)).active
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert SECRET not in " ".join(str(c) for c in cells) and "保存申报书草稿" not in cells


def test_old_save_entries_show_field_names_never_the_text(client, login, commission_user):
    """A submitted application's earlier draft saves are listed by field, their text is not displayed."""
    app = ApplicationFactory(state=State.SUBMITTED)
    owner = UserFactory(enterprise=app.enterprise)
    record(owner, "application.save", app, before={"factory.summary": "旧稿"}, after={"factory.summary": SECRET})
    login(commission_user)
    table = _table(client.get("/audit/", {"object_id": app.pk}))
    assert "智能工厂基本情况·项目简介" in table and "保存申报书草稿" in table
    assert SECRET not in table and "旧稿" not in table


def test_mobile_numbers_and_emails_are_masked_for_the_commission(client, login, commission_user, admin_user):
    app = ApplicationFactory(state=State.SUBMITTED)
    record(admin_user, "enterprise.update", app.enterprise, before={"contact_mobile": "13912345678"},
           after={"contact_mobile": "13800001111"}, note="联系邮箱 zhang.san@example.com，电话 13800001111")
    login(commission_user)
    table = _table(client.get("/audit/"))
    assert "13800001111" not in table and "138****1111" in table
    assert "zhang.san@example.com" not in table and "z***@example.com" in table
    login(admin_user)
    assert "13800001111" in _table(client.get("/audit/"))


def test_entries_about_an_enterprise_without_visible_applications_are_hidden(client, login, commission_user):
    draft = ApplicationFactory(state=State.DRAFT, enterprise__name="只有草稿的企业")
    owner = UserFactory(enterprise=draft.enterprise)
    record(owner, "enterprise.update", draft.enterprise, after={"name": "只有草稿的企业"})
    record(owner, "user.create", owner, after={"username": owner.username})
    login(commission_user)
    table = _table(client.get("/audit/"))
    assert "只有草稿的企业" not in table and owner.username not in table


def test_actions_and_fields_read_in_words(client, login, commission_user):
    app = ApplicationFactory(state=State.RETURNED)
    record(commission_user, "application.submitted", app, before={"state": "draft"}, after={"state": "submitted"})
    record(commission_user, "application.returned", app, before={"state": "submitted"}, after={"state": "returned"},
           note="请补充项目简介")
    login(commission_user)
    table = _table(client.get("/audit/"))
    assert "<td>已提交</td>" in table and "<td>退回修改</td>" in table
    assert "状态</strong>：已提交 → 已退回修改" in table
    assert "application.returned" not in table and "{" not in table


def test_filters_by_words_person_unit_object_and_date(client, login, commission_user):
    app = ApplicationFactory(state=State.SUBMITTED, title="甲项目")
    other = ApplicationFactory(state=State.SUBMITTED, title="乙项目")
    officer = UserFactory(role="recommender", unit=app.enterprise.recommending_unit, display_name="李科长")
    record(officer, "application.returned", app, object_label="甲项目")
    record(commission_user, "application.recommended", other, object_label="乙项目")
    login(commission_user)
    assert "甲项目" in _table(client.get("/audit/", {"action": "退回修改"}))
    assert "乙项目" not in _table(client.get("/audit/", {"action": "退回修改"}))
    assert "乙项目" not in _table(client.get("/audit/", {"actor": "李科长"}))
    assert "甲项目" in _table(client.get("/audit/", {"unit": app.enterprise.recommending_unit.name}))
    assert "甲项目" not in _table(client.get("/audit/", {"obj": "乙项目"}))
    assert "甲项目" in _table(client.get("/audit/", {"date_from": "2000-01-01", "date_to": "2099-12-31", "sort": "at"}))


@pytest.mark.parametrize("params", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"},
                                    {"date_from": "2025-07-02", "date_to": "2025-07-01"}, {"sort": "password"},
                                    {"action": "application.submitted"}])
def test_out_of_range_filters_are_refused_with_a_field_message(client, login, commission_user, params):
    login(commission_user)
    response = client.get("/audit/", params)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert client.get("/audit/export/", params).status_code == 302


def test_export_of_a_filtered_view_is_audited(client, login, commission_user):
    app = ApplicationFactory(state=State.SUBMITTED)
    record(commission_user, "application.recommended", app, object_label="=HYPERLINK(\"http://x\")")
    record(commission_user, "campaign.update", note="另一条")
    login(commission_user)
    response = client.get("/audit/export/", {"action": "已推荐"})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]][:5] == ["时间", "操作人", "所属单位", "来源地址", "操作"]
    assert ws.max_row == 2 and ws["E2"].value == "已推荐"
    assert ws["G2"].data_type == "s" and ws["G2"].value.startswith("=HYPERLINK")
    entry = AuditEntry.objects.filter(action="audit.export").get()
    assert entry.actor == commission_user and entry.after["rows"] == 1 and entry.after["filters"] == {"action": "已推荐"}


def test_other_roles_cannot_read_or_export_the_log(client, login):
    app = ApplicationFactory(state=State.SUBMITTED)
    for user in [UserFactory(enterprise=app.enterprise), UserFactory(role="recommender", unit=app.enterprise.recommending_unit),
                 UserFactory(role="expert")]:
        login(user)
        assert client.get("/audit/").status_code == 403
        assert client.get("/audit/export/").status_code == 403
    assert not AuditEntry.objects.filter(action="audit.export").exists()


def test_page_query_count_does_not_grow_with_rows(client, login, commission_user, django_assert_max_num_queries):
    apps = [ApplicationFactory(state=State.SUBMITTED) for _ in range(3)]
    for a in apps:
        record(UserFactory(enterprise=a.enterprise), "application.submitted", a)
    login(commission_user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/audit/")
    for _ in range(27):
        a = ApplicationFactory(state=State.SUBMITTED)
        record(UserFactory(enterprise=a.enterprise), "application.submitted", a)
    with CaptureQueriesContext(connection) as many:
        client.get("/audit/")
    assert len(many) == len(few)
