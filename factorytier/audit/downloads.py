"""Every file handed to a logged-in user is written to the audit log: who, when, from where, which file.

A middleware rather than a line in each view, so a download added later is audited too. The entry names the
object the file belongs to (the application, the snapshot, the job), so reading the log applies that object's
visibility (`selectors`)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from .services import record

_FILENAME_STAR = re.compile(r"filename\*=UTF-8''([^;]+)", re.I)
_FILENAME = re.compile(r'filename="?([^";]+)"?', re.I)
# Downloads that write their own, more specific entry.
SELF_AUDITED = ("/audit/export/",)


def file_name(response) -> str:
    disposition = response.get("Content-Disposition", "")
    m = _FILENAME_STAR.search(disposition)
    if m:
        return unquote(m.group(1))
    m = _FILENAME.search(disposition)
    return m.group(1) if m else ""


def downloaded_object(request) -> tuple[str, str]:
    """(object type, object id) of what the file belongs to, from the URL that served it."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "", ""
    kw = match.kwargs
    if "application_id" in kw:
        return "applications.application", str(kw["application_id"])
    if match.app_name == "applications" and "attachment_id" in kw:
        return "applications.attachment", str(kw["attachment_id"])
    if match.app_name == "applications" and "pk" in kw:
        return "applications.application", str(kw["pk"])
    if "snapshot_id" in kw:
        return "applications.snapshot", str(kw["snapshot_id"])
    if match.app_name == "jobs" and "pk" in kw:
        return "jobs.job", str(kw["pk"])
    return "", ""


class DownloadAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None and user.is_authenticated and response.status_code == 200
            and response.get("Content-Disposition", "").startswith("attachment")
            and not request.path.startswith(SELF_AUDITED)
        ):
            object_type, object_id = downloaded_object(request)
            record(user, "file.download", None, object_type=object_type or "file", object_id=object_id or None,
                   object_label=file_name(response)[:300], note=request.path[:500])
        return response
