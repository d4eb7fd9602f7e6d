import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from factorytier.applications.models import Snapshot
from factorytier.core import clock
from factorytier.jobs.registry import job_kind

from .builder import document_data
from .models import RenderedDocument

CONTENT_TYPES = {"pdf": "application/pdf",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def file_name(snapshot, fmt: str) -> str:
    return f"{snapshot.data.get('application', {}).get('number', 'application')}-申报书.{fmt}"


def render(snapshot, fmt: str) -> bytes:
    from factorytier import documents

    data = document_data(snapshot)
    return documents.render_pdf(data) if fmt == "pdf" else documents.render_docx(data)


@job_kind("render_application")
def render_application(job, report) -> tuple[str, bytes]:
    snapshot = Snapshot.objects.select_related("application").get(pk=job.params["snapshot_id"])
    fmt = job.params["format"]
    report(20, "正在排版申报书")
    data = render(snapshot, fmt)
    report(90, "正在保存文件")
    try:
        with transaction.atomic():
            doc = RenderedDocument(snapshot=snapshot, format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                                   created_at=clock.now())
            doc.file.save(file_name(snapshot, fmt), ContentFile(data), save=False)
            doc.save()
    except IntegrityError:
        pass  # rendered meanwhile by another request: the first file stays the one served
    return file_name(snapshot, fmt), data
