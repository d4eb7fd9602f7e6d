"""Issue 11 item 11: small leaks and wrong answers."""

import io

import pytest
from openpyxl import load_workbook

from factorytier.applications.models import State
from factorytier.applications.services import TransitionRefused, set_application_state
from factorytier.audit.models import AuditEntry
from factorytier.core import clock
from factorytier.jobs.models import Job

from ..factories import ApplicationFactory, CampaignFactory, enterprise_user, ready_application, recommender

pytestmark = pytest.mark.django_db
OPEN = clock.shanghai(2025, 7, 10, 15)


def test_unpublished_campaigns_are_not_listed_to_enterprises_or_districts(client, login, commission_user):
    published = CampaignFactory(name="已发布批次", is_active=True)
    hidden = CampaignFactory(name="筹备中批次", is_active=False)
    for user in [enterprise_user(), recommender()]:
        login(user)
        names = [c["name"] for c in client.get("/api/v1/campaigns").json()]
        assert "已发布批次" in names and "筹备中批次" not in names
        assert client.get(f"/api/v1/campaigns/{hidden.pk}").status_code == 404
        assert client.get(f"/api/v1/campaigns/{published.pk}").status_code == 200
    login(commission_user)
    assert "筹备中批次" in [c["name"] for c in client.get("/api/v1/campaigns").json()]


def test_submitting_before_the_campaign_opens_says_it_has_not_opened():
    application = ready_application()
    campaign = application.campaign
    campaign.application_opens_at = clock.shanghai(2025, 6, 1, 9)
    campaign.save()
    with clock.frozen_at(clock.shanghai(2025, 5, 20, 10)):
        with pytest.raises(TransitionRefused) as refused:
            set_application_state(application, State.SUBMITTED, enterprise_user(application.enterprise))
    assert "尚未开始" in str(refused.value) and "2025-06-01 09:00:00" in str(refused.value)
    assert "截止" not in str(refused.value)


def _submitted():
    application = ready_application()
    owner = enterprise_user(application.enterprise)
    with clock.frozen_at(OPEN):
        set_application_state(application, State.SUBMITTED, owner)
    return application, owner


def test_withdrawal_after_the_application_deadline_is_refused_with_the_reason():
    application, owner = _submitted()
    with clock.frozen_at(clock.shanghai(2025, 7, 12, 9)):
        with pytest.raises(TransitionRefused) as refused:
            set_application_state(application, State.WITHDRAWN, owner)
    assert "截止" in str(refused.value) and "无法恢复" in str(refused.value)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_withdrawal_before_the_deadline_still_works():
    application, owner = _submitted()
    with clock.frozen_at(OPEN):
        set_application_state(application, State.WITHDRAWN, owner)
    application.refresh_from_db()
    assert application.state == State.WITHDRAWN


def test_a_return_reason_over_2000_characters_is_refused_not_cut():
    application, _owner = _submitted()
    officer = recommender(application.enterprise.recommending_unit)
    with clock.frozen_at(OPEN):
        with pytest.raises(TransitionRefused) as refused:
            set_application_state(application, State.RETURNED, officer, "请补充" * 700)
        assert "理由" in str(refused.value) and "2000" in str(refused.value)
        application.refresh_from_db()
        assert application.state == State.SUBMITTED
        set_application_state(application, State.RETURNED, officer, "补" * 2000)
    application.refresh_from_db()
    assert application.history.last().reason == "补" * 2000


def test_the_contact_data_export_and_its_download_are_audited(client, login, commission_user,
                                                            django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    ApplicationFactory(campaign=campaign, state=State.SUBMITTED)
    login(commission_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/campaigns/{campaign.pk}/export/", REMOTE_ADDR="10.20.30.40")
    job = Job.objects.get()
    export = AuditEntry.objects.get(action="campaign.export")
    assert export.actor == commission_user and export.object_id == str(campaign.pk) and export.after["rows"] == 1
    response = client.get(f"/jobs/{job.pk}/download/", REMOTE_ADDR="10.20.30.40")
    load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    download = AuditEntry.objects.get(action="file.download")
    assert download.actor == commission_user and download.ip_address == "10.20.30.40"
    assert download.object_type == "jobs.job" and download.object_id == str(job.pk)
    assert download.object_label.endswith("申报汇总.xlsx")


def test_an_attachment_download_is_audited_under_its_application(client, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from factorytier.applications.models import Attachment

    draft = ApplicationFactory()
    attachment = Attachment.objects.create(application=draft, name="证书.pdf", size=4, content_type="application/pdf",
                                           sha256="0" * 64, uploaded_at=clock.now(), file=SimpleUploadedFile("x.pdf", b"%PDF"))
    login(enterprise_user(draft.enterprise))
    response = client.get(f"/applications/{draft.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="file.download")
    assert entry.object_type == "applications.attachment" and entry.object_id == str(attachment.pk)
