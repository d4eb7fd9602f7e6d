"""The enterprise's editor: the form page, autosave, the live findings panel, attachments."""

import json

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from factorytier.core import clock
from factorytier.core.permissions import require_perm

from .drafts import EDITABLE_STATES, DraftInvalid, NotEditable, VersionConflict, save_draft
from .models import Application, Attachment
from .presenters import editor_context, findings_panel
from .selectors import applications_for_user
from .uploads import UploadRefused, add_attachment, remove_attachment


def _own(request, pk) -> Application:
    return get_object_or_404(applications_for_user(request.user).select_related("campaign", "enterprise"), pk=pk)


def _own_or_none(request, pk=None, **kwargs):
    return applications_for_user(request.user).filter(pk=pk).first()


@require_perm("applications.edit", _own_or_none)
def edit(request, pk: int):
    application = _own(request, pk)
    if application.state not in EDITABLE_STATES:
        messages.info(request, f"申报书当前状态为“{application.get_state_display()}”，不能修改。")
        return redirect("applications:detail", pk=pk)
    return render(request, "applications/edit.html", editor_context(application))


@require_POST
@require_perm("applications.edit", _own_or_none)
def autosave(request, pk: int):
    application = _own(request, pk)
    try:
        payload = json.loads(request.body.decode("utf-8"))
        version, changes = payload["version"], payload["changes"]
        if isinstance(version, bool) or not isinstance(version, int):
            raise TypeError("version")
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return JsonResponse({"errors": [{"path": "", "message": "保存请求格式不正确，请刷新页面后重试"}]}, status=400)
    try:
        application = save_draft(application, changes, version, request.user)
    except VersionConflict as conflict:
        return JsonResponse({"message": str(conflict), "current_version": conflict.current_version}, status=409)
    except DraftInvalid as invalid:
        return JsonResponse({"errors": [{"path": p, "message": m} for p, m in invalid.problems]}, status=422)
    except NotEditable as refusal:
        return JsonResponse({"message": str(refusal)}, status=403)
    saved = clock.now().astimezone(clock.SHANGHAI)
    return JsonResponse({"version": application.version, "saved_at": saved.strftime("%H:%M:%S")})


@require_GET
@require_perm("applications.edit", _own_or_none)
def findings(request, pk: int):
    application = _own(request, pk)
    return render(request, "applications/_findings.html", {"application": application, "panel": findings_panel(application)})


@require_POST
@require_perm("applications.edit", _own_or_none)
def attachment_add(request, pk: int):
    application = _own(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "附件：请选择要上传的文件")
    else:
        try:
            add_attachment(application, upload, request.POST.get("kind", ""), request.user)
        except (UploadRefused, NotEditable) as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"附件“{upload.name}”已上传。")
    return redirect(f"/applications/{pk}/edit/#attachments")


@require_POST
@require_perm("applications.edit", _own_or_none)
def attachment_remove(request, pk: int, attachment_id: int):
    application = _own(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, application=application)
    try:
        remove_attachment(attachment, request.user)
    except NotEditable as refusal:
        messages.error(request, str(refusal))
    return redirect(f"/applications/{pk}/edit/#attachments")
