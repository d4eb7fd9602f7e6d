import hashlib
import json

import pytest

from factorytier.applications.drafts import DraftInvalid, VersionConflict, save_draft
from factorytier.applications.models import Application
from factorytier.audit.models import AuditEntry

from ..factories import ApplicationFactory, enterprise_user

pytestmark = pytest.mark.django_db


def autosave(client, application, changes, version=None):
    body = {"version": application.version if version is None else version, "changes": changes}
    return client.post(f"/applications/{application.pk}/autosave/", json.dumps(body, ensure_ascii=False),
                       content_type="application/json")


def test_autosave_writes_a_new_version_and_an_audit_entry(editor, draft):
    response = autosave(editor, draft, {"factory.summary": "新的项目简介"})
    assert response.status_code == 200 and response.json()["version"] == draft.version + 1
    draft.refresh_from_db()
    assert draft.content["factory"]["summary"] == "新的项目简介"
    entry = AuditEntry.objects.get(action="application.save")
    # Which field (by its 附件2 name), the versions, digests of the values: never the text itself.
    assert entry.after["fields"] == ["智能工厂基本情况·项目简介"]
    assert entry.before["version"] == draft.version - 1 and entry.after["version"] == draft.version
    assert entry.before["sha256"]["factory.summary"] == hashlib.sha256('"项目简介。"'.encode()).hexdigest()
    assert entry.after["sha256"]["factory.summary"] == hashlib.sha256('"新的项目简介"'.encode()).hexdigest()
    assert "新的项目简介" not in json.dumps(entry.after, ensure_ascii=False)
    assert "项目简介。" not in json.dumps(entry.before, ensure_ascii=False)


def test_autosave_is_there_after_a_reload(editor, draft):
    autosave(editor, draft, {"scenes.overall": "重新加载后仍在的段落"})
    page = editor.get(f"/applications/{draft.pk}/edit/").content.decode()
    assert "重新加载后仍在的段落" in page


def test_a_second_editor_with_an_old_version_is_refused_with_409(editor, draft):
    first = autosave(editor, draft, {"factory.summary": "甲的修改"})
    assert first.status_code == 200
    stale = autosave(editor, draft, {"factory.summary": "乙的修改"}, version=draft.version)
    assert stale.status_code == 409
    assert stale.json()["current_version"] == draft.version + 1
    assert "已被他人修改" in stale.json()["message"]
    draft.refresh_from_db()
    assert draft.content["factory"]["summary"] == "甲的修改"


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"factory.total_investment": "一百万"}, "factory.total_investment", "总投资（万元）：请填写数字"),
        ({"factory.start": "2024-06", "factory.end": "2023-01"}, "factory.end", "建设结束时间不能早于建设开始时间"),
        ({"factory.start": "2024-13"}, "factory.start", "建设开始时间：请填写有效的年月"),
        ({"title": "长" * 10000}, "title", "项目名称：不能超过 200 字，当前 10000 字"),
        ({"factory.summary": "字" * 2001}, "factory.summary", "项目简介：不能超过 2000 字"),
        ({"scenes.scenarios": [{"guide_link": "生产作业", "scenario": "人机协同作业", "instance": "", "uses_ai": True}]},
         "scenes.scenarios[0].instance", "第 1 个场景的实例名：不能为空"),
        ({"scenes.scenarios": [{"guide_link": "火星", "scenario": "x", "instance": "y"}]}, "scenes.scenarios[0].guide_link", "环节"),
        ({"effects.kpis.3.current": "很高"}, "effects.kpis.3.current", "数字化生产设备普及率的当前值：请填写数字"),
        ({"effects.kpis.99.current": "1"}, "effects.kpis.99.current", "未知的指标"),
        ({"cultivation.future_modes": [{"category": "其他", "mode": "x"}]}, "cultivation.future_modes[0].category", "类别"),
        ({"attestations.R.X.9": True}, "attestations.R.X.9", "未知的条款编号"),
        ({"no.such.field": "x"}, "no.such.field", "未知的填写项"),
    ],
)
def test_bad_input_gets_a_message_at_the_field_and_saves_nothing(editor, draft, changes, path, message):
    before = Application.objects.get(pk=draft.pk)
    response = autosave(editor, draft, changes)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(e["path"] == path and message in e["message"] for e in errors), errors
    after = Application.objects.get(pk=draft.pk)
    assert after.content == before.content and after.version == before.version and after.title == before.title
    assert not AuditEntry.objects.filter(action="application.save").exists()


@pytest.mark.parametrize("body", [b"not json", b"{}", b'{"version": "x", "changes": {}}', b'{"version": 1, "changes": []}',
                                  b'{"version": 1, "changes": {"title": 5}}', b"\xff"])
def test_garbage_never_answers_5xx(editor, draft, body):
    response = editor.post(f"/applications/{draft.pk}/autosave/", body, content_type="application/json")
    assert 400 <= response.status_code < 500


def test_markup_characters_are_stored_and_shown_literally(editor, draft):
    text = "#set page() [x] $y$ *b* <script>alert(1)</script> @ref \\\\ `code`"
    assert autosave(editor, draft, {"scenes.overall": text}).status_code == 200
    page = editor.get(f"/applications/{draft.pk}/edit/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_another_enterprise_cannot_save(draft, client, login):
    login(enterprise_user())
    assert autosave(client, draft, {"factory.summary": "x"}).status_code in (403, 404)


def test_service_refuses_stale_versions_directly(draft):
    user = enterprise_user(draft.enterprise)
    save_draft(draft, {"factory.summary": "一"}, draft.version, user)
    with pytest.raises(VersionConflict):
        save_draft(draft, {"factory.summary": "二"}, draft.version, user)
    with pytest.raises(DraftInvalid):
        save_draft(draft, {}, draft.version + 1, user)


def test_new_application_is_prefilled_from_the_profile(client, login):
    from factorytier.core import clock

    application = ApplicationFactory()
    user = enterprise_user(application.enterprise)
    login(user)
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 9)):
        response = client.post("/applications/new/", {"tier": "leading", "campaign": application.campaign.pk})
    created = Application.objects.get(tier="leading")
    assert response["Location"] == f"/applications/{created.pk}/edit/"
    assert created.content["basic"]["enterprise_name"] == application.enterprise.name


def test_attestations_keep_clause_ids_with_dots(editor, draft):
    assert autosave(editor, draft, {"attestations.R.EX.E3": False}).status_code == 200
    draft.refresh_from_db()
    assert draft.content["attestations"]["R.EX.E3"] is False and "R" not in draft.content["attestations"]


def test_a_new_draft_starts_from_the_readiness_answers():
    from factorytier.applications.content import empty_content
    from factorytier.applications.models import Readiness

    application = ApplicationFactory()
    Readiness.objects.create(enterprise=application.enterprise, attestations={"R.B1": True},
                             scenarios=[{"guide_link": "生产作业", "scenario": "人机协同作业", "instance": "柔性加工", "uses_ai": True}])
    content = empty_content(application.enterprise)
    assert content["attestations"] == {"R.B1": True}
    assert content["scenes"]["scenarios"][0]["instance"] == "柔性加工" and content["scenes"]["scenarios"][0]["description"] == ""


def test_remedy_for_an_empty_scenario_list_does_not_offer_upgrading_none():
    from fractions import Fraction

    from factorytier.policy.messages import remedy_ai

    assert "或将" not in remedy_ai(1, 0, Fraction(1, 5))
    assert "或将 1 个" in remedy_ai(2, 1, Fraction(1, 5))


@pytest.mark.parametrize("version", ["1e999", "1.5", "true", '"1"', "null"])
def test_odd_versions_are_a_400_not_a_500(editor, draft, version):
    body = '{"version": ' + version + ', "changes": {"factory.summary": "x"}}'
    assert editor.post(f"/applications/{draft.pk}/autosave/", body, content_type="application/json").status_code == 400


@pytest.mark.parametrize(("changes", "message"), [
    ({"basic.enterprise_name": "中国石油化工集团有限公司"}, "取自企业注册信息，不能在申报书中修改"),
    ({"basic.address": "别处"}, "取自企业注册信息"),
    ({"basic.contact_mobile": "not a phone"}, "联系方式（手机号）：手机号码应为 11 位数字"),
])
def test_the_applicant_identity_comes_from_the_registered_enterprise(editor, draft, changes, message):
    response = autosave(editor, draft, changes)
    assert response.status_code == 422 and message in response.json()["errors"][0]["message"]


def test_the_snapshot_carries_the_registered_name_even_if_the_draft_says_otherwise(draft):
    from factorytier.applications.submission import snapshot_data
    from factorytier.core import clock

    draft.content["basic"]["enterprise_name"] = "冒用的名称"
    data = snapshot_data(draft, clock.now())
    assert data["content"]["basic"]["enterprise_name"] == draft.enterprise.name


def test_an_invisible_nul_character_is_refused_not_a_server_error(editor, draft):
    response = autosave(editor, draft, {"factory.summary": "a\u0000b"})
    assert response.status_code == 422 and "控制字符" in response.json()["errors"][0]["message"]
    response = autosave(editor, draft, {"scenes.scenarios": [{"guide_link": "生产作业", "scenario": "x\u0000", "instance": "y"}]})
    assert response.status_code == 422


def test_nul_in_a_return_reason_or_verify_address_is_harmless(client, login):
    from factorytier.core import clock

    from ..factories import ready_application, recommender

    application = ready_application(state="submitted")
    login(recommender(application.enterprise.recommending_unit))
    with clock.frozen_at(clock.shanghai(2025, 7, 10, 9)):
        response = client.post(f"/applications/{application.pk}/move/", {"to_state": "returned", "reason": "补充\x00材料"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.history.get().reason == "补充材料"
    verify = client.get("/verify/%00abc")  # refused as an address no page has, saying what is wrong (core.limits)
    assert verify.status_code == 400 and "U+0000" in verify.content.decode()


@pytest.mark.parametrize("body", [
    '{"version": VERSION, "changes": {"cultivation.future_modes": [{"category": "研发模式创新", "mode": "x", "n": NaN}]}}',
    '{"version": VERSION, "changes": {"effects.kpis.1.current": Infinity}}',
])
def test_nan_and_infinity_are_refused(editor, draft, body):
    response = editor.post(f"/applications/{draft.pk}/autosave/", body.replace("VERSION", str(draft.version)),
                           content_type="application/json")
    assert response.status_code == 400


def test_future_modes_refuse_unknown_keys_and_too_many_rows(editor, draft):
    extra = autosave(editor, draft, {"cultivation.future_modes": [{"category": "研发模式创新", "mode": "x", "junk": "y"}]})
    assert extra.status_code == 422 and "未知的填写项" in extra.json()["errors"][0]["message"]
    many = autosave(editor, draft, {"cultivation.future_modes": [{"category": "研发模式创新", "mode": "x"}] * 31})
    assert many.status_code == 422


def test_api_patch_with_nan_is_refused(editor, draft):
    import json as _json

    response = editor.patch(f"/api/v1/applications/{draft.pk}", '{"changes": {"effects.kpis.1.current": NaN}}',
                            content_type="application/json", HTTP_IF_MATCH=str(draft.version))
    assert response.status_code in (400, 422)
    _json.dumps(response.json())


def test_the_editor_shows_the_time_left_and_closes_at_the_deadline(editor, draft):
    from factorytier.core import clock

    with clock.frozen_at(clock.shanghai(2025, 7, 11, 21, 30)):
        page = editor.get(f"/applications/{draft.pk}/edit/").content.decode()
    assert "还剩 2 小时 29 分钟" in page and 'id="submit-button">' in page
    with clock.frozen_at(clock.shanghai(2025, 7, 12, 0, 0, 0)):
        page = editor.get(f"/applications/{draft.pk}/edit/").content.decode()
    assert "已过，不能再提交" in page and 'id="submit-button" disabled' in page
