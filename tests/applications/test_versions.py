import json

import pytest

from factorytier.applications.drafts import save_draft
from factorytier.applications.models import Version
from factorytier.audit.models import AuditEntry

from ..factories import UserFactory, enterprise_user

pytestmark = pytest.mark.django_db


def autosave(client, application, changes, version):
    return client.post(f"/applications/{application.pk}/autosave/", json.dumps({"version": version, "changes": changes}),
                       content_type="application/json")


def test_every_save_is_a_version_that_can_be_listed_compared_and_restored(editor, draft):
    v0 = draft.version
    autosave(editor, draft, {"factory.summary": "第一稿：建设柔性产线"}, v0)
    autosave(editor, draft, {"factory.summary": "第二稿：建设柔性产线与数字孪生"}, v0 + 1)
    assert list(draft.versions.values_list("number", flat=True)) == [v0 + 2, v0 + 1]
    listing = editor.get(f"/applications/{draft.pk}/versions/").content.decode()
    assert "智能工厂基本情况·项目简介" in listing
    diff = editor.get(f"/applications/{draft.pk}/versions/compare/", {"a": v0 + 1, "b": v0 + 2}).content.decode()
    assert "<ins>与数字孪生</ins>" in diff and "智能工厂基本情况·项目简介" in diff
    response = editor.post(f"/applications/{draft.pk}/versions/{v0 + 1}/restore/", {"version": v0 + 2})
    assert response["Location"] == f"/applications/{draft.pk}/edit/"
    draft.refresh_from_db()
    assert draft.content["factory"]["summary"] == "第一稿：建设柔性产线" and draft.version == v0 + 3
    assert draft.versions.count() == 3 and draft.versions.first().note == f"恢复自版本 {v0 + 1}"
    assert AuditEntry.objects.filter(action="application.restore").exists()


def test_restoring_from_a_stale_page_is_refused(editor, draft):
    autosave(editor, draft, {"factory.summary": "甲"}, draft.version)
    autosave(editor, draft, {"factory.summary": "乙"}, draft.version + 1)
    body = editor.post(f"/applications/{draft.pk}/versions/{draft.version + 1}/restore/", {"version": draft.version},
                       follow=True).content.decode()
    assert "已被他人修改" in body
    draft.refresh_from_db()
    assert draft.content["factory"]["summary"] == "乙"


def test_comparing_nonsense_does_not_fail(editor, draft):
    for query in ({}, {"a": "x", "b": "1"}, {"a": "1", "b": "1"}, {"a": "99999999999999999", "b": "1"}):
        assert editor.get(f"/applications/{draft.pk}/versions/compare/", query).status_code == 302


def test_a_stale_save_shows_the_other_persons_change(editor, draft):
    colleague = UserFactory(role="enterprise", enterprise=draft.enterprise, display_name="王工")
    save_draft(draft, {"scenes.integration": "王工写的系统集成"}, draft.version, colleague)
    response = autosave(editor, draft, {"factory.summary": "我的修改"}, draft.version)
    assert response.status_code == 409
    body = response.json()
    assert "王工" in body["message"] and "智能工厂场景建设情况·系统集成情况" in body["message"]
    assert body["their_changes"][0].startswith("王工 ")


def test_the_api_conflict_names_the_change_too(editor, draft):
    colleague = enterprise_user(draft.enterprise, display_name="李工")
    save_draft(draft, {"effects.plan": "李工的计划"}, draft.version, colleague)
    response = editor.patch(f"/api/v1/applications/{draft.pk}", json.dumps({"changes": {"effects.plan": "x"}}),
                            content_type="application/json", HTTP_IF_MATCH=str(draft.version))
    assert response.status_code == 409 and "李工" in response.json()["their_changes"][0]


def test_submission_problems_link_to_their_fields(editor, draft):
    draft.content["factory"]["summary"] = ""
    draft.content["declarations"]["truthful"] = False
    draft.content["attestations"]["R.EX.E3"] = False
    draft.save()
    panel = editor.get(f"/applications/{draft.pk}/findings/").content.decode()
    assert 'href="#f-factory.summary"' in panel and 'href="#decl-truthful"' in panel and 'href="#att-R.EX.E3"' in panel


def test_versions_are_kept_per_save_with_the_saver(editor, draft):
    autosave(editor, draft, {"title": "新的项目名称"}, draft.version)
    v = Version.objects.get(application=draft, number=draft.version + 1)
    assert v.title == "新的项目名称" and v.changed == ["title"] and v.saved_by.enterprise == draft.enterprise


def test_compare_orders_versions_as_numbers_and_ignores_odd_digits(editor, draft):
    for i in range(10):
        autosave(editor, draft, {"factory.summary": f"第{i}稿"}, draft.version + i)
    top = draft.version + 10
    body = editor.get(f"/applications/{draft.pk}/versions/compare/", {"a": top, "b": top - 1}).content.decode()
    assert f"版本 {top - 1} → 版本 {top}" in body
    assert editor.get(f"/applications/{draft.pk}/versions/compare/", {"a": "²", "b": "1"}).status_code == 302


def test_saving_what_is_already_there_makes_no_version(editor, draft):
    before = draft.versions.count()
    response = autosave(editor, draft, {"factory.summary": draft.content["factory"]["summary"], "title": draft.title},
                        draft.version)
    assert response.status_code == 200 and response.json()["version"] == draft.version
    assert draft.versions.count() == before
