"""Issue 11 item 9: attachments per application and their total size are campaign limits; readiness
evidence can be downloaded by those who may see it, by nobody else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factorytier.applications.models import Attachment, Evidence, Readiness
from factorytier.core import clock
from factorytier.reviews.models import Assignment

from ..factories import ApplicationFactory, enterprise_user, ready_application, recommender
from .test_attachments import upload

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"


def test_a_draft_holds_no_more_attachments_than_its_campaign_allows(editor, draft):
    draft.campaign.max_attachments = 3
    draft.campaign.save()
    for i in range(3):
        assert "已上传" in upload(editor, draft, f"证书{i}.pdf", PDF).content.decode()
    body = upload(editor, draft, "第四个.pdf", PDF).content.decode()
    assert "每份申报书最多 3 个附件，已有 3 个" in body
    assert Attachment.objects.filter(application=draft).count() == 3


def test_the_default_limit_stops_53_attachments(editor, draft):
    for i in range(53):
        upload(editor, draft, f"证书{i}.pdf", PDF)
    assert Attachment.objects.filter(application=draft).count() == draft.campaign.max_attachments == 30


def test_the_total_size_of_a_drafts_attachments_is_a_campaign_limit(editor, draft):
    draft.campaign.max_attachments_total_mb = 1
    draft.campaign.save()
    half = PDF + b"0" * (600 * 1024)
    assert "已上传" in upload(editor, draft, "一.pdf", half).content.decode()
    body = upload(editor, draft, "二.pdf", half).content.decode()
    assert "附件合计不超过 1 MB" in body
    assert Attachment.objects.filter(application=draft).count() == 1


def test_the_commission_sets_the_attachment_limits_on_the_campaign_form(client, login, commission_user):
    login(commission_user)
    data = {"name": "2026 批次", "year": "2026", "region": "上海市", "tiers_open": ["excellent"],
            "application_deadline": "2026-07-11T23:59:59", "recommendation_deadline": "2026-07-31T23:59:59",
            "max_attachments": "500", "max_attachments_total_mb": "0",
            "quotas-TOTAL_FORMS": "0", "quotas-INITIAL_FORMS": "0"}
    body = client.post("/campaigns/new/", data).content.decode()
    assert "每份申报书附件数上限不能大于 200" in body and "附件总大小上限（MB）不能小于 1" in body
    data.update(max_attachments="12", max_attachments_total_mb="50")
    assert client.post("/campaigns/new/", data).status_code == 302
    from factorytier.campaigns.models import Campaign

    campaign = Campaign.objects.get(name="2026 批次")
    assert (campaign.max_attachments, campaign.max_attachments_total_mb) == (12, 50)


@pytest.fixture
def evidence(db):
    application = ready_application(state="submitted")
    readiness = Readiness.objects.get(enterprise=application.enterprise)
    ev = Evidence.objects.create(readiness=readiness, clause="R.B1", name="承诺书.pdf", size=len(PDF),
                                 content_type="application/pdf", sha256="0" * 64, uploaded_at=clock.now(),
                                 file=SimpleUploadedFile("e.pdf", PDF))
    return application, ev


def test_the_enterprise_downloads_its_own_readiness_evidence(client, login, evidence):
    application, ev = evidence
    login(enterprise_user(application.enterprise))
    response = client.get(f"/applications/readiness/evidence/{ev.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    page = client.get("/applications/readiness/").content.decode()
    assert f"/applications/readiness/evidence/{ev.pk}/" in page


def test_those_who_see_the_application_download_its_evidence_others_get_404(client, login, evidence, expert_user):
    application, ev = evidence
    url = f"/applications/readiness/evidence/{ev.pk}/"
    assert client.get(url).status_code == 302  # logged out: to the log-in page
    login(recommender(application.enterprise.recommending_unit))
    assert client.get(url).status_code == 200
    for outsider in (enterprise_user(), recommender(), expert_user):
        login(outsider)
        assert client.get(url).status_code == 404
    Assignment.objects.create(application=application, expert=expert_user, assigned_at=clock.now(), published_at=clock.now())
    login(expert_user)
    assert client.get(url).status_code == 200


def test_a_draft_alone_does_not_open_the_evidence_to_the_unit(client, login, evidence):
    application, ev = evidence
    other = ApplicationFactory(state="draft")
    other_ev = Evidence.objects.create(readiness=Readiness.objects.create(enterprise=other.enterprise), clause="R.B1",
                                       name="x.pdf", size=4, content_type="application/pdf", sha256="0" * 64,
                                       uploaded_at=clock.now(), file=SimpleUploadedFile("x.pdf", PDF))
    login(recommender(other.enterprise.recommending_unit))
    assert client.get(f"/applications/readiness/evidence/{other_ev.pk}/").status_code == 404


def test_readiness_evidence_is_bounded_per_clause(client, login):
    from factorytier.applications.uploads import MAX_EVIDENCE_PER_CLAUSE

    from ..factories import EXCELLENT_ATTESTATIONS, scenario_form_data

    user = enterprise_user()
    readiness = Readiness.objects.create(enterprise=user.enterprise)
    for i in range(MAX_EVIDENCE_PER_CLAUSE):
        Evidence.objects.create(readiness=readiness, clause="R.B1", name=f"{i}.pdf", size=4, content_type="application/pdf",
                                sha256="0" * 64, uploaded_at=clock.now(), file=SimpleUploadedFile("x.pdf", PDF))
    login(user)
    data = {**scenario_form_data(EXCELLENT_ATTESTATIONS), "cmmm_level": "3", "cmmm_certificate_no": "C-1",
            "cmmm_certificate_date": "2024-05-20", "current_rating": "advanced",
            "ev_R_B1": SimpleUploadedFile("第十一个.pdf", PDF)}
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        body = client.post("/applications/readiness/", data, follow=True).content.decode()
    assert f"每项承诺最多 {MAX_EVIDENCE_PER_CLAUSE} 个文件" in body
    assert Evidence.objects.filter(readiness=readiness).count() == MAX_EVIDENCE_PER_CLAUSE


@pytest.mark.parametrize(("sent", "kept"), [
    ("../../etc/passwd", "passwd"), ("C:\\报表\\证书.pdf", "证书.pdf"), ("/", None), ("..", None), ("a/", None),
])
def test_a_file_name_with_a_path_is_kept_as_its_last_part(editor, draft, sent, kept):
    file = SimpleUploadedFile("x.pdf", PDF)
    file._name = sent  # what a hand-made request may send; the setter would refuse it before the request is built
    response = editor.post(f"/applications/{draft.pk}/attachments/", {"kind": "证明材料", "file": file}, follow=True)
    assert response.status_code == 200
    names = list(Attachment.objects.filter(application=draft).values_list("name", flat=True))
    if kept is None:  # no usable name: refused as "no file", or kept under a plain name, never a path
        assert all(name and "/" not in name and name not in {".", ".."} for name in names)
    else:
        assert names == [kept]
