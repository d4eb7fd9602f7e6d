import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from factorytier.applications.models import Attachment

from ..factories import enterprise_user

pytestmark = pytest.mark.django_db


def upload(client, draft, name, data, kind="证明材料"):
    return client.post(f"/applications/{draft.pk}/attachments/", {"kind": kind, "file": SimpleUploadedFile(name, data)},
                       follow=True)


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize(("name", "data"), [
    ("证书.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
    ("现场.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32),
    ("现场.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 32),
    ("说明.docx", docx_bytes()),
])
def test_accepted_types_are_stored_with_their_hash(editor, draft, name, data):
    response = upload(editor, draft, name, data)
    assert "已上传" in response.content.decode()
    attachment = Attachment.objects.get(application=draft)
    assert attachment.name == name and attachment.size == len(data)
    download = editor.get(f"/applications/{draft.pk}/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == data


@pytest.mark.parametrize(("name", "data"), [
    ("报告.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 64),  # a Windows executable renamed .pdf
    ("报告.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 64),
    ("说明.docx", b"PK\x03\x04not really a zip"),
    ("脚本.png", b"<script>alert(1)</script>"),
])
def test_mistyped_files_are_refused_by_content(editor, draft, name, data):
    body = upload(editor, draft, name, data).content.decode()
    assert "按文件内容判断" in body
    assert not Attachment.objects.exists()


@override_settings(FACTORYTIER_MAX_UPLOAD_MB=20)
def test_a_21_mb_file_is_refused(editor, draft):
    body = upload(editor, draft, "大文件.pdf", b"%PDF-1.7\n" + b"0" * (21 * 1024 * 1024)).content.decode()
    assert "超过 20 MB 的上限" in body
    assert not Attachment.objects.exists()


def test_removing_and_another_enterprise(editor, draft, client, login):
    upload(editor, draft, "证书.pdf", b"%PDF-1.7\n")
    attachment = Attachment.objects.get()
    login(enterprise_user())
    assert client.get(f"/applications/{draft.pk}/attachments/{attachment.pk}/").status_code == 404
    assert client.post(f"/applications/{draft.pk}/attachments/{attachment.pk}/remove/").status_code in (403, 404)
    assert Attachment.objects.exists()
    login(enterprise_user(draft.enterprise))
    client.post(f"/applications/{draft.pk}/attachments/{attachment.pk}/remove/")
    assert not Attachment.objects.exists()


def test_a_file_frozen_with_a_submission_cannot_be_removed_after_a_return(editor, draft, client):
    from factorytier.applications.models import State
    from factorytier.applications.services import set_application_state
    from factorytier.core import clock

    from ..factories import recommender

    with clock.frozen_at(clock.shanghai(2025, 7, 8, 9)):
        upload(editor, draft, "证书.pdf", b"%PDF-1.7\n")
    owner = draft.enterprise.users.get()
    with clock.frozen_at(clock.shanghai(2025, 7, 9, 9)):
        set_application_state(draft, State.SUBMITTED, owner)
        set_application_state(draft, State.RETURNED, recommender(draft.enterprise.recommending_unit), "补充")
    attachment = Attachment.objects.get()
    body = editor.post(f"/applications/{draft.pk}/attachments/{attachment.pk}/remove/", follow=True).content.decode()
    assert "已随" in body and "冻结，不能删除" in body
    assert Attachment.objects.filter(pk=attachment.pk).exists() and attachment.file.storage.exists(attachment.file.name)


@override_settings(FACTORYTIER_MAX_UPLOAD_MB=1)
def test_a_refused_upload_is_said_at_the_file_field(editor, draft):
    """Issue 12 item 3: the message stands beside the file input the page lands on, once."""
    response = upload(editor, draft, "大文件.pdf", b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024))
    assert response.redirect_chain[-1][0].endswith("#attachments")
    body = response.content.decode()
    attachments = body[body.index('id="attachments"'):]
    assert 'aria-describedby="attachment-error"' in attachments
    error = attachments[attachments.index('id="attachment-error"'):]
    assert "超过 1 MB 的上限" in error[:400]
    assert 'aria-invalid' not in editor.get(f"/applications/{draft.pk}/edit/").content.decode()  # said once
