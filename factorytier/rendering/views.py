import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from factorytier.applications.models import Snapshot, State
from factorytier.applications.selectors import applications_for_user
from factorytier.audit.middleware import client_ip
from factorytier.core import clock
from factorytier.jobs.models import Job
from factorytier.jobs.services import start_job

from .jobs import CONTENT_TYPES, file_name, render_and_keep
from .models import RenderedDocument, VerifyAttempt
from .verify import digests_in_pdf

# The platform's own PDFs are far smaller; the request as a whole is bounded before it is read
# (core.limits, FACTORYTIER_MAX_REQUEST_MB).
MAX_VERIFY_UPLOAD = settings.FACTORYTIER_MAX_UPLOAD_MB * 1024 * 1024
VERIFY_UPLOADS_PER_HOUR = 30


@login_required
def download(request, snapshot_id: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    snapshot = get_object_or_404(
        Snapshot.objects.filter(application__in=applications_for_user(request.user)), pk=snapshot_id
    )
    rendered = RenderedDocument.objects.filter(snapshot=snapshot, format=fmt).first()
    if rendered:
        return FileResponse(rendered.file.open("rb"), as_attachment=True, filename=file_name(snapshot, fmt),
                            content_type=CONTENT_TYPES[fmt])
    running = Job.objects.filter(owner=request.user, kind="render_application", params__snapshot_id=snapshot.pk,
                                 params__format=fmt).exclude(status=Job.Status.FAILED).first()
    job = running or start_job(
        request.user, "render_application", f"{snapshot.application.number} 申报书（{fmt.upper()}）",
        {"snapshot_id": snapshot.pk, "format": fmt}, queue="documents",
    )
    return redirect("jobs:detail", pk=job.pk)


def _verify_context(snapshot, digest: str) -> dict:
    context = {"digest": digest, "snapshot": snapshot}
    if snapshot:
        a = snapshot.application
        latest = a.snapshots.first()
        context["facts"] = {
            "enterprise": a.enterprise.name, "tier": a.get_tier_display(), "campaign": a.campaign.name,
            "submitted_at": snapshot.created_at.astimezone(clock.SHANGHAI),
        }
        # A copy is only worth forwarding if it is the one now under consideration.
        context["superseded_at"] = latest.created_at.astimezone(clock.SHANGHAI) if latest.pk != snapshot.pk else None
        context["withdrawn"] = a.state == State.WITHDRAWN
    return context


def verify(request, digest: str):
    digest = digest.lower()
    snapshot = None
    if re.fullmatch(r"[0-9a-f]{64}", digest):  # anything else cannot be a digest; never reaches the database
        snapshot = Snapshot.objects.select_related("application__enterprise", "application__campaign").filter(
            digest=digest).first()
    return render(request, "rendering/verify.html", _verify_context(snapshot, digest), status=200 if snapshot else 404)


def _throttled(request) -> bool:
    """At most VERIFY_UPLOADS_PER_HOUR uploads an hour from one client: the page is public. Counted in the
    database, so every worker process sees the same count."""
    client = (client_ip(request) or "unknown")[:64]
    now = clock.now()
    VerifyAttempt.objects.filter(at__lt=now - timedelta(hours=1)).delete()
    if VerifyAttempt.objects.filter(client=client).count() >= VERIFY_UPLOADS_PER_HOUR:
        return True
    VerifyAttempt.objects.create(client=client, at=now)
    return False


def verify_upload(request):
    if request.method == "POST":
        upload = request.FILES.get("file")
        if _throttled(request):
            messages.error(request, "核验过于频繁，请一小时后再试；也可扫描申报书上的二维码核验")
        elif upload is None:
            messages.error(request, "文件：请选择要核验的申报书 PDF")
        elif upload.size > MAX_VERIFY_UPLOAD:
            messages.error(request, f"文件：超过 {settings.FACTORYTIER_MAX_UPLOAD_MB} MB，请上传本平台生成的申报书 PDF")
        else:
            data = upload.read()
            if not data.startswith(b"%PDF-"):
                messages.error(request, "文件：该文件不是 PDF")
            else:
                found = digests_in_pdf(data)[:20]
                known = {s.digest: s for s in Snapshot.objects.filter(digest__in=found)}
                for digest in found:
                    snapshot = known.get(digest)
                    if snapshot is not None:
                        context = _verify_context(snapshot, digest)
                        # The platform renders a snapshot deterministically and keeps the file: the
                        # upload must be that very file, not merely mention its digest.
                        context["file_identical"] = hashlib.sha256(data).hexdigest() == _rendered_pdf_sha256(snapshot)
                        return render(request, "rendering/verify.html", context)
                messages.error(request, "未能在该 PDF 中找到与已提交申报书一致的数字摘要：它可能不是本平台生成的申报书，或已被改动。")
    return render(request, "rendering/verify_upload.html")


def _rendered_pdf_sha256(snapshot) -> str:
    rendered = RenderedDocument.objects.filter(snapshot=snapshot, format="pdf").first()
    if rendered is None:
        render_and_keep(snapshot, "pdf")
        rendered = RenderedDocument.objects.get(snapshot=snapshot, format="pdf")
    return rendered.sha256
