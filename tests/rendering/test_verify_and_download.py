import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factorytier.applications.models import State
from factorytier.applications.services import set_application_state
from factorytier.core import clock
from factorytier.jobs.models import Job
from factorytier.rendering.models import RenderedDocument

from ..factories import enterprise_user, ready_application, recommender

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    application = ready_application()
    with clock.frozen_at(clock.shanghai(2025, 7, 10, 9)):
        set_application_state(application, State.SUBMITTED, enterprise_user(application.enterprise))
    return application


def test_download_renders_once_as_a_job_then_serves_the_same_file(client, login, submitted, django_capture_on_commit_callbacks):
    snapshot = submitted.snapshots.get()
    login(enterprise_user(submitted.enterprise))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/documents/{snapshot.pk}/pdf/")
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/" and job.status == Job.Status.DONE
    rendered = RenderedDocument.objects.get(snapshot=snapshot, format="pdf")
    again = client.get(f"/documents/{snapshot.pk}/pdf/")
    data = b"".join(again.streaming_content)
    assert data.startswith(b"%PDF") and again["Content-Type"] == "application/pdf"
    assert Job.objects.count() == 1 and rendered.file.size == len(data)


def test_the_recommender_may_download_and_another_enterprise_may_not(client, login, submitted):
    snapshot = submitted.snapshots.get()
    login(recommender(submitted.enterprise.recommending_unit))
    assert client.get(f"/documents/{snapshot.pk}/docx/").status_code == 302
    login(enterprise_user())
    assert client.get(f"/documents/{snapshot.pk}/pdf/").status_code == 404
    assert client.get(f"/documents/{snapshot.pk}/exe/").status_code == 404


def test_verify_page_shows_only_the_public_facts(client, submitted):
    snapshot = submitted.snapshots.get()
    body = client.get(f"/verify/{snapshot.digest}").content.decode()
    assert submitted.enterprise.name in body and "卓越级" in body and submitted.campaign.name in body
    assert "2025-07-10 09:00:00" in body
    assert submitted.enterprise.uscc not in body and submitted.enterprise.contact_mobile not in body
    assert client.get("/verify/" + "0" * 64).status_code == 404


def test_verify_by_uploading_the_pdf(client, submitted):
    from factorytier.rendering.jobs import render

    snapshot = submitted.snapshots.get()
    pdf = render(snapshot, "pdf")
    response = client.post("/verify/", {"file": SimpleUploadedFile("申报书.pdf", pdf)})
    assert "完全相同" in response.content.decode() and submitted.enterprise.name in response.content.decode()
    forged = client.post("/verify/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4\n" + snapshot.digest.encode() + b"\n%%EOF")})
    assert "文件不一致" in forged.content.decode() and "完全相同" not in forged.content.decode()
    refused = client.post("/verify/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4\nnothing here")}, follow=True)
    assert "未能在该 PDF 中找到" in refused.content.decode()
    assert "不是 PDF" in client.post("/verify/", {"file": SimpleUploadedFile("x.pdf", b"MZ")}, follow=True).content.decode()


def test_the_docx_carries_the_markup_literally(submitted):
    import io

    from docx import Document

    from factorytier.rendering.jobs import render

    submitted.refresh_from_db()
    text = "#set [x] $y$ *b* <script>alert(1)</script> @ref \\\\ end"
    snapshot = submitted.snapshots.get()
    assert snapshot.data["content"]["scenes"]["overall"] == "总体情况。"
    snapshot.data["content"]["scenes"]["overall"] = text  # in memory only: the stored snapshot is immutable
    document = Document(io.BytesIO(render(snapshot, "docx")))
    assert any(text in p.text for p in document.paragraphs)


def test_markup_in_every_free_text_field_comes_out_literally_in_page_pdf_and_docx(client, login):
    """Typst and HTML markup typed into any field is text: in the page, the PDF and the DOCX."""
    import io
    import re
    import subprocess

    from docx import Document

    from factorytier.applications.content import SECTIONS
    from factorytier.rendering.jobs import render

    application = ready_application(tier="leading")
    markup = "#set [x] $y$ *b* _i_ <script>alert(1)</script> @ref \\\\ `c`"
    expected = []
    for section in SECTIONS:
        for f in section.fields:
            if f.kind in ("text", "longtext") and not f.from_profile:
                value = f"{markup} {f.key}"
                node = application.content
                parts = f.key.split(".")
                for part in parts[:-1]:
                    node = node.setdefault(part, {})
                node[parts[-1]] = value
                expected.append(value)
    for i, row in enumerate(application.content["scenes"]["scenarios"]):
        row["description"] = f"{markup} 场景{i}"
        expected.append(row["description"])
    application.content["cultivation"]["future_modes"][0]["mode"] = "模式#[*]$"
    application.content["declarations"]["marks_confirmed"] = True
    application.save()
    owner = enterprise_user(application.enterprise)
    login(owner)
    page = client.get(f"/applications/{application.pk}/edit/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    with clock.frozen_at(clock.shanghai(2025, 7, 10, 9)):
        set_application_state(application, State.SUBMITTED, owner)
    snapshot = application.snapshots.get()

    pdf_text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=render(snapshot, "pdf"), capture_output=True).stdout.decode()
    compact = re.sub(r"\s+", "", pdf_text)
    docx = Document(io.BytesIO(render(snapshot, "docx")))
    docx_text = "\n".join([p.text for p in docx.paragraphs] + [c.text for t in docx.tables for r in t.rows for c in r.cells])
    for value in expected:
        assert re.sub(r"\s+", "", value) in compact, value
        assert value in docx_text, value
    assert "模式#[*]$" in compact and "模式#[*]$" in docx_text


def test_the_detail_page_shows_the_submitted_content_to_the_recommender(client, login, submitted):
    submitted.content["scenes"]["overall"] = "提交之后在草稿里改的内容不会出现"
    submitted.save()
    login(recommender(submitted.enterprise.recommending_unit))
    with clock.frozen_at(clock.shanghai(2025, 7, 11, 9)):
        body = client.get(f"/applications/{submitted.pk}/").content.decode()
    assert "三、智能工厂场景建设情况" in body and "总体情况。" in body and "多机协同的壳体柔性加工与检测" in body
    assert "提交之后在草稿里改的内容不会出现" not in body  # the page shows the frozen snapshot
    assert "退回修改" in body  # the recommender can return it with a reason


def test_a_draft_shows_a_preview(client, editor, draft):
    body = editor.get(f"/applications/{draft.pk}/").content.decode()
    assert "草稿预览" in body and "项目简介。" in body


def test_amounts_are_formatted_for_print(submitted):
    from factorytier.rendering.builder import document_data

    snapshot = submitted.snapshots.get()
    assert snapshot.data["content"]["factory"]["total_investment"] == "12345.67"  # stored as typed
    assert document_data(snapshot)["content"]["factory"]["total_investment"] == "12,345.67"


def test_verify_says_when_a_copy_was_superseded_or_withdrawn(client, submitted):
    old = submitted.snapshots.get()
    owner = submitted.enterprise.users.first()
    with clock.frozen_at(clock.shanghai(2025, 7, 10, 10)):
        set_application_state(submitted, State.RETURNED, recommender(submitted.enterprise.recommending_unit), "补充")
        set_application_state(submitted, State.SUBMITTED, owner)
    assert "已有新版本" in client.get(f"/verify/{old.digest}").content.decode()
    latest = submitted.snapshots.first()
    assert "已有新版本" not in client.get(f"/verify/{latest.digest}").content.decode()
    with clock.frozen_at(clock.shanghai(2025, 7, 10, 11)):
        set_application_state(submitted, State.WITHDRAWN, owner)
    assert "已撤回" in client.get(f"/verify/{latest.digest}").content.decode()


def test_verify_upload_is_throttled(client, monkeypatch):
    monkeypatch.setattr("factorytier.rendering.views.VERIFY_UPLOADS_PER_HOUR", 2)
    for _ in range(2):
        client.post("/verify/", {"file": SimpleUploadedFile("x.pdf", b"MZ")})
    assert "核验过于频繁" in client.post("/verify/", {"file": SimpleUploadedFile("x.pdf", b"MZ")}, follow=True).content.decode()
