"""Attachment checks: the type is read from the file's first bytes, never from its name."""

from __future__ import annotations

import hashlib
import zipfile

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext

from factorytier.audit.services import record
from factorytier.core import clock
from factorytier.core.permissions import can

from .drafts import EDITABLE_STATES, NotEditable
from .models import Attachment, Evidence

MB = 1024 * 1024

OFFICE_ZIP = {"word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


class UploadRefused(Exception):
    pass


def sniff(head: bytes, fileobj) -> str | None:
    """The content type of an accepted file, or None for anything else."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/msword"  # legacy .doc / .xls / .ppt container
    if head.startswith(b"PK\x03\x04"):
        try:
            fileobj.seek(0)
            with zipfile.ZipFile(fileobj) as z:
                names = z.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            fileobj.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, content_type in OFFICE_ZIP.items():
                if any(n.startswith(prefix) for n in names):
                    return content_type
    return None


def checked_upload(upload, label: str | None = None) -> tuple[str, str, str]:
    """(content type, sha256, safe file name) of an acceptable upload, else UploadRefused."""
    label = label or gettext("附件")
    limit_mb = settings.FACTORYTIER_MAX_UPLOAD_MB
    if upload.size > limit_mb * 1024 * 1024:
        raise UploadRefused(gettext("%(label)s：文件大小 %(size).1f MB，超过 %(limit)s MB 的上限")
                            % {"label": label, "size": upload.size / 1024 / 1024, "limit": limit_mb})
    if upload.size == 0:
        raise UploadRefused(gettext("%(label)s：文件为空") % {"label": label})
    head = upload.read(16)
    content_type = sniff(head, upload)
    if content_type is None:
        raise UploadRefused(gettext("%(label)s：只接受 PDF、图片（PNG、JPEG）或 Office 文档；该文件的内容不是这些类型"
                                    "（按文件内容判断，而非扩展名）") % {"label": label})
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = (upload.name or label).replace("\x00", "").replace("\\", "/").rsplit("/", 1)[-1][:200] or label
    return content_type, digest.hexdigest(), name


def check_room(application, upload) -> None:
    """The campaign's limits on one application's attachments: how many, and their total size."""
    campaign = application.campaign
    held = Attachment.objects.filter(application=application).aggregate(n=Count("id"), total=Sum("size"))
    count, total = held["n"] or 0, held["total"] or 0
    if count >= campaign.max_attachments:
        raise UploadRefused(gettext("附件：每份申报书最多 %(limit)s 个附件，已有 %(count)s 个；请删除不再需要的附件后再上传")
                            % {"limit": campaign.max_attachments, "count": count})
    limit = campaign.max_attachments_total_mb * MB
    if total + upload.size > limit:
        raise UploadRefused(gettext("附件：每份申报书的附件合计不超过 %(limit)s MB，已有 %(held).1f MB，该文件 %(size).1f MB")
                            % {"limit": campaign.max_attachments_total_mb, "held": total / MB, "size": upload.size / MB})


# Readiness evidence: per declared clause and per enterprise.
MAX_EVIDENCE_PER_CLAUSE = 10
MAX_EVIDENCE_TOTAL_MB = 200


def check_evidence_room(readiness, uploads) -> None:
    """`uploads` are (clause id, upload) pairs about to be kept as the readiness answers' evidence."""
    held = {row["clause"]: row for row in Evidence.objects.filter(readiness=readiness).values("clause").annotate(
        n=Count("id"), total=Sum("size"))}
    total = sum(row["total"] or 0 for row in held.values()) + sum(u.size for _, u in uploads)
    for clause, _ in uploads:
        count = (held.get(clause) or {}).get("n", 0) + sum(1 for c, _ in uploads if c == clause)
        if count > MAX_EVIDENCE_PER_CLAUSE:
            raise UploadRefused(gettext("%(clause)s 佐证材料：每项承诺最多 %(n)s 个文件") % {"clause": clause, "n": MAX_EVIDENCE_PER_CLAUSE})
    if total > MAX_EVIDENCE_TOTAL_MB * MB:
        raise UploadRefused(gettext("佐证材料：合计不超过 %(n)s MB") % {"n": MAX_EVIDENCE_TOTAL_MB})


def add_attachment(application, upload, kind: str, actor) -> Attachment:
    content_type, sha256, name = checked_upload(upload)
    with transaction.atomic():
        # Re-read under a lock: a submission freezing the application at this moment goes first or after;
        # two uploads at once are counted one after the other against the campaign's limits.
        application = type(application).objects.select_for_update().select_related("campaign").get(pk=application.pk)
        if not can(actor, "applications.edit", application) or application.state not in EDITABLE_STATES:
            raise NotEditable(gettext("当前不能修改这份申报书的附件"))
        check_room(application, upload)
        attachment = Attachment(
            application=application, kind=((kind or "").replace("\x00", "").strip() or "证明材料")[:60], name=name,
            size=upload.size,
            content_type=content_type, sha256=sha256, uploaded_by=actor, uploaded_at=clock.now(),
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        record(actor, "attachment.add", attachment, after={"name": name, "size": upload.size, "sha256": attachment.sha256,
                                                            "application": application.pk})
    return attachment


def remove_attachment(attachment, actor) -> None:
    with transaction.atomic():
        application = type(attachment.application).objects.select_for_update().get(pk=attachment.application_id)
        if not can(actor, "applications.edit", application) or application.state not in EDITABLE_STATES:
            raise NotEditable(gettext("当前不能修改这份申报书的附件"))
        latest = application.snapshots.first()
        if latest is not None and attachment.uploaded_at <= latest.created_at:
            # The submitted copy lists it with its hash: the file must stay verifiable.
            raise NotEditable(gettext("附件“%(name)s”已随 %(when)s 提交的申报书冻结，不能删除；如有更新，请上传新文件") % {
                "name": attachment.name, "when": date_format(latest.created_at.astimezone(clock.SHANGHAI), "DATETIME_FORMAT")})
        record(actor, "attachment.remove", attachment, before={"name": attachment.name, "sha256": attachment.sha256})
        storage, path = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(path))
