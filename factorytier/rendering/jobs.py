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


def render_and_keep(snapshot, fmt: str) -> bytes:
    """Render once and keep the file, so every later download serves the same bytes."""
    data = render(snapshot, fmt)
    try:
        with transaction.atomic():
            doc = RenderedDocument(snapshot=snapshot, format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                                   created_at=clock.now())
            doc.file.save(file_name(snapshot, fmt), ContentFile(data), save=False)
            doc.save()
    except IntegrityError:
        pass  # rendered meanwhile by another request: the first file stays the one served
    return data


@job_kind("render_application")
def render_application(job, report) -> tuple[str, bytes]:
    snapshot = Snapshot.objects.select_related("application").get(pk=job.params["snapshot_id"])
    fmt = job.params["format"]
    report(20, "正在排版申报书")
    return file_name(snapshot, fmt), render_and_keep(snapshot, fmt)
