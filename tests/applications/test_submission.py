import hashlib

import pytest
from django.core import mail

from factorytier.applications import submission
from factorytier.applications.drafts import NotEditable, save_draft
from factorytier.applications.models import Readiness, Snapshot, State, StateChange
from factorytier.applications.services import TransitionRefused, set_application_state
from factorytier.audit.models import AuditEntry
from factorytier.core import clock
from factorytier.notices.models import Notice

from ..factories import enterprise_user, ready_application, recommender

pytestmark = pytest.mark.django_db
OPEN = clock.shanghai(2025, 7, 10, 15)


def submit(application, user=None):
    user = user or enterprise_user(application.enterprise)
    with clock.frozen_at(OPEN):
        return set_application_state(application, State.SUBMITTED, user)


def refusal_reasons(application) -> list[str]:
    with pytest.raises(TransitionRefused) as refused:
        submit(application)
    application.refresh_from_db()
    assert application.state == State.DRAFT and not Snapshot.objects.exists()
    return [m for _, m in refused.value.reasons]


def edit(application, **paths):
    for path, value in paths.items():
        node = application.content
        keys = path.split("__")
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = value
    application.save()


def test_complete_application_is_submitted_frozen_and_digested():
    application = ready_application()
    submit(application)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED and application.submitted_at == OPEN
    snap = Snapshot.objects.get(application=application)
    assert snap.digest == hashlib.sha256(snap.canonical.encode("utf-8")).hexdigest()
    assert snap.data["content"]["factory"]["summary"] == "项目简介。"
    assert AuditEntry.objects.get(action="application.submitted").after["digest"] == snap.digest


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"factory__summary": ""}, "智能工厂基本情况：请填写“项目简介”"),
        ({"scenes__scenarios": []}, "请至少填写一个具体场景"),
        ({"attestations__R.EX.E3": False}, "不满足 R.EX.E3：申报主体声明本工厂不满足该条款"),
        ({"declarations__truthful": False}, "请阅读并勾选真实性承诺"),
        ({"declarations__no_secrets": False}, "不涉及国家秘密、商业秘密"),
        ({"scenes__overall": "本材料为内部资料，请勿外传"}, "含有密级或内部标识"),
    ],
)
def test_each_refusal_reason_is_named(change, reason):
    application = ready_application()
    key, value = next(iter(change.items()))
    if key.startswith("attestations__"):
        application.content["attestations"][key.split("__")[1]] = value
        application.save()
    else:
        edit(application, **change)
    assert any(reason in r for r in refusal_reasons(application))


def test_hard_clause_failing_refuses():
    application = ready_application()
    Readiness.objects.filter(enterprise=application.enterprise).update(cmmm_level=2)
    assert any("不满足 R.B5" in r for r in refusal_reasons(application))


def test_ai_ratio_below_the_tier_refuses():
    application = ready_application()
    for row in application.content["scenes"]["scenarios"]:
        row["uses_ai"] = False
    application.save()
    assert any("R.EX.E1" in r for r in refusal_reasons(application))


def test_confirmed_classification_marks_no_longer_block():
    application = ready_application()
    edit(application, scenes__overall="本项目不涉及内部资料", declarations__marks_confirmed=True)
    submit(application)
    assert Snapshot.objects.filter(application=application).exists()


def test_deadline_to_the_second():
    application = ready_application()
    user = enterprise_user(application.enterprise)
    with clock.frozen_at(clock.shanghai(2025, 7, 12, 0, 0, 0)), pytest.raises(TransitionRefused, match="已于 2025-07-11 23:59:59"):
        set_application_state(application, State.SUBMITTED, user)
    with clock.frozen_at(clock.shanghai(2025, 7, 11, 23, 59, 59)):
        set_application_state(application, State.SUBMITTED, user)


def test_snapshot_and_digest_never_change_after_submission():
    application = ready_application()
    user = enterprise_user(application.enterprise)
    submit(application, user)
    snap = Snapshot.objects.get()
    digest, canonical = snap.digest, snap.canonical
    with pytest.raises(NotEditable):
        save_draft(application, {"factory.summary": "提交后修改"}, application.version, user)
    snap.canonical = "篡改"
    with pytest.raises(PermissionError):
        snap.save()
    with pytest.raises(PermissionError):
        snap.delete()
    fresh = Snapshot.objects.get()
    assert fresh.digest == digest and fresh.canonical == canonical


def test_return_then_edit_and_resubmit_keeps_history_and_both_snapshots(django_capture_on_commit_callbacks):
    application = ready_application()
    user = enterprise_user(application.enterprise, email="it@example.com")
    officer = recommender(application.enterprise.recommending_unit)
    submit(application, user)
    first = Snapshot.objects.get()
    with django_capture_on_commit_callbacks(execute=True), clock.frozen_at(OPEN):
        set_application_state(application, State.RETURNED, officer, reason="请补充系统集成情况")
    assert Notice.objects.filter(user=user, subject__contains="已退回修改").exists()
    assert any("请补充系统集成情况" in m.body for m in mail.outbox)
    application.refresh_from_db()
    save_draft(application, {"scenes.integration": "补充后的系统集成情况"}, application.version, user)
    submit(application, user)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert Snapshot.objects.count() == 2 and Snapshot.objects.get(pk=first.pk).digest == first.digest
    assert list(application.history.values_list("to_state", flat=True)) == ["submitted", "returned", "submitted"]


def test_withdraw_before_recommendation_but_not_after():
    application = ready_application()
    user = enterprise_user(application.enterprise)
    submit(application, user)
    with clock.frozen_at(OPEN):
        set_application_state(application, State.WITHDRAWN, user)
    application.refresh_from_db()
    assert application.state == State.WITHDRAWN
    other = ready_application(campaign=application.campaign)
    owner = enterprise_user(other.enterprise)
    submit(other, owner)
    with clock.frozen_at(OPEN):
        set_application_state(other, State.RECOMMENDED, recommender(other.enterprise.recommending_unit))
        with pytest.raises(TransitionRefused, match="不能变更为“已撤回”"):
            set_application_state(other, State.WITHDRAWN, owner)


def test_a_failure_half_way_leaves_draft_and_audit_log_as_they_were(monkeypatch):
    application = ready_application()
    user = enterprise_user(application.enterprise)
    before = (application.state, application.version, application.content)
    audit_count = AuditEntry.objects.count()

    def broken_record(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr("factorytier.applications.services.record", broken_record)
    with pytest.raises(RuntimeError):
        submit(application, user)
    application.refresh_from_db()
    assert (application.state, application.version, application.content) == before
    assert application.submitted_at is None
    assert not Snapshot.objects.exists() and not StateChange.objects.exists()
    assert AuditEntry.objects.count() == audit_count


def test_refused_submission_on_the_web_lists_every_reason(client, login):
    application = ready_application()
    application.content["declarations"]["truthful"] = False
    application.content["factory"]["summary"] = ""
    application.save()
    login(enterprise_user(application.enterprise))
    with clock.frozen_at(OPEN):
        response = client.post(f"/applications/{application.pk}/move/", {"to_state": "submitted"}, follow=True)
    body = response.content.decode()
    assert "请阅读并勾选真实性承诺" in body and "请填写“项目简介”" in body
    assert response.redirect_chain[-1][0] == f"/applications/{application.pk}/edit/"


def test_classification_hits_point_at_the_field():
    hits = submission.classification_hits({"scenes": {"scenarios": [{"description": "机密：配方参数"}]}})
    assert hits == [("scenes.scenarios[0].description", "机密")]


def test_an_attestation_withdrawn_in_the_editor_is_missing_not_fail():
    """The editor's unticked box sends null: no answer (未承诺), not the applicant stating 不满足."""
    application = ready_application()
    owner = enterprise_user(application.enterprise)
    save_draft(application, {"attestations.R.EX.E3": None}, application.version, owner)
    application.refresh_from_db()
    assert "R.EX.E3" not in application.content["attestations"]
    reasons = refusal_reasons(application)
    assert any("未承诺 R.EX.E3" in r for r in reasons)
    assert not any("不满足 R.EX.E3" in r for r in reasons)
