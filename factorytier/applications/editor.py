"""The enterprise's editor: the form page, autosave, the live findings panel, attachments."""

import json
import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from factorytier.accounts.rules import is_enterprise_user
from factorytier.core import clock
from factorytier.core.language import policy_lang, with_data
from factorytier.core.permissions import require_perm

from .drafts import EDITABLE_STATES, DraftInvalid, NotEditable, VersionConflict, apply_save
from .models import Application, Attachment, Version
from .presenters import editor_context, findings_panel
from .selectors import applications_for_user
from .uploads import UploadRefused, add_attachment, remove_attachment
from .versions import VersionMissing, compare, label, restore


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _own(request, pk) -> Application:
    # The permission check just read this row (with its campaign and enterprise): read it once per request.
    checked = getattr(request, "_ft_checked_application", None)
    if checked is not None and checked.pk == pk:
        return checked
    return get_object_or_404(applications_for_user(request.user), pk=pk)


def _own_or_none(request, pk=None, **kwargs):
    application = applications_for_user(request.user).filter(pk=pk).first()  # with its campaign and enterprise
    request._ft_checked_application = application
    return application


@require_perm("applications.edit", _own_or_none)
def edit(request, pk: int):
    application = _own(request, pk)
    if application.state not in EDITABLE_STATES:
        messages.info(request, _("申报书当前状态为“%(state)s”，不能修改。") % {"state": application.get_state_display()})
        return redirect("applications:detail", pk=pk)
    context = editor_context(application)
    # A refused upload is said at the file field (the redirect lands there), not only at the page top.
    context["upload_error"] = request.session.pop(f"upload_error_{pk}", "")
    return render(request, "applications/edit.html", context)


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


@require_POST
def autosave(request, pk: int):
    """One save of the editor: a single locked read of the row (through the visibility selector), no
    rule engine (the findings panel asks for itself). A save id sent again answers the original save."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_enterprise_user(request.user):
        raise PermissionDenied
    try:
        payload = json.loads(request.body.decode("utf-8"), parse_constant=_refuse_constant)
        version, changes = payload["version"], payload["changes"]
        if isinstance(version, bool) or not isinstance(version, int):
            raise TypeError("version")
        save_id = payload.get("save_id")
        if save_id is not None and not isinstance(save_id, str):
            raise TypeError("save_id")
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return _json({"errors": [{"path": "", "message": _("保存请求格式不正确，请刷新页面后重试")}]}, status=400)
    try:
        saved = apply_save(pk, changes, version, request.user, save_id, queryset=lambda: applications_for_user(request.user))
    except Application.DoesNotExist:
        raise PermissionDenied from None
    except VersionConflict as conflict:
        return _json({"message": str(conflict), "current_version": conflict.current_version,
                      "their_changes": conflict.their_changes}, status=409)
    except DraftInvalid as invalid:
        return _json({"errors": [{"path": p, "message": m} for p, m in invalid.problems]}, status=422)
    except NotEditable as refusal:
        return _json({"message": str(refusal)}, status=403)
    return _json({"version": saved.version, "saved_at": saved.saved_at.astimezone(clock.SHANGHAI).strftime("%H:%M:%S"),
                  "replayed": saved.replayed})


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
        request.session[f"upload_error_{pk}"] = _("附件：请选择要上传的文件")
    else:
        try:
            add_attachment(application, upload, request.POST.get("kind", ""), request.user)
        except (UploadRefused, NotEditable) as refusal:
            request.session[f"upload_error_{pk}"] = str(refusal)
        else:
            messages.success(request, with_data(_("附件“%(name)s”已上传。"), name=upload.name))
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


@require_perm("applications.edit", _own_or_none)
def versions(request, pk: int):
    application = _own(request, pk)
    rows = list(application.versions.select_related("saved_by").defer("content", "delta")[:500])
    for v in rows:
        v.labels = list(dict.fromkeys(label(p, lang=policy_lang()) for p in v.changed))
    return render(request, "applications/versions.html", {
        "application": application, "versions": rows,
        "editable": application.state in EDITABLE_STATES,
    })


@require_perm("applications.edit", _own_or_none)
def version_compare(request, pk: int):
    application = _own(request, pk)
    numbers = sorted({int(n) for n in (request.GET.get("a", ""), request.GET.get("b", "")) if re.fullmatch(r"[0-9]{1,9}", n)})
    found = {v.number: v for v in application.versions.filter(number__in=numbers)}
    if len(numbers) != 2 or len(found) != 2:
        messages.error(request, _("请选择两个存在的版本进行比较"))
        return redirect("applications:versions", pk=pk)
    old, new = found[numbers[0]], found[numbers[1]]
    try:
        changes = compare(old, new)
    except VersionMissing:
        messages.error(request, _("所选版本的记录不完整，无法比较"))
        return redirect("applications:versions", pk=pk)
    return render(request, "applications/version_compare.html", {
        "application": application, "old": old, "new": new, "changes": changes,
    })


@require_POST
@require_perm("applications.edit", _own_or_none)
def version_restore(request, pk: int, number: int):
    application = _own(request, pk)
    try:
        expected = int(request.POST.get("version", ""))
        restore(application, number, expected, request.user)
    except ValueError:
        messages.error(request, _("恢复请求不完整，请刷新页面后重试"))
    except VersionConflict as conflict:
        messages.error(request, str(conflict))
    except (NotEditable, Version.DoesNotExist, VersionMissing) as refusal:
        messages.error(request, str(refusal) if isinstance(refusal, NotEditable) else _("该版本不存在或记录不完整"))
    else:
        messages.success(request, _("已恢复到版本 %(number)s 的内容（保存为新版本，原有版本均保留）。") % {"number": number})
        return redirect("applications:edit", pk=pk)
    return redirect("applications:versions", pk=pk)
