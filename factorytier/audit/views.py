from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from factorytier.core import clock
from factorytier.core.permissions import require_perm
from factorytier.core.spreadsheet import SafeWorkbook

from .forms import AuditFilterForm
from .presenters import EXPORT_COLUMNS, codes_for_words, export_row, present_all
from .selectors import entries_for_user
from .services import record

PAGE_SIZE = 50
EXPORT_LIMIT = 20000


def filtered_entries(request):
    """The reader's visible entries, narrowed by the filter form. Returns (form, queryset, valid)."""
    form = AuditFilterForm(request.GET or None)
    entries = entries_for_user(request.user)
    if not request.GET:
        return form, entries.order_by("-at", "-id"), True
    if not form.is_valid():
        return form, entries.none(), False
    d = form.cleaned_data
    if d["actor"]:
        entries = entries.filter(
            Q(actor_label__icontains=d["actor"]) | Q(actor__display_name__icontains=d["actor"])
        )
    if d["unit"]:
        entries = entries.filter(Q(actor__enterprise__name__icontains=d["unit"]) | Q(actor__unit__name__icontains=d["unit"]))
    if d["action"]:
        entries = entries.filter(action__in=codes_for_words(d["action"]))
    if d["obj"]:
        entries = entries.filter(Q(object_label__icontains=d["obj"]) | Q(object_id=d["obj"]))
    if d["object_id"]:
        entries = entries.filter(object_id=d["object_id"])
    if d["date_from"]:
        entries = entries.filter(at__gte=datetime.combine(d["date_from"], time.min, tzinfo=clock.SHANGHAI))
    if d["date_to"]:
        entries = entries.filter(at__lt=datetime.combine(d["date_to"] + timedelta(days=1), time.min, tzinfo=clock.SHANGHAI))
    sort = d.get("sort") or "-at"
    tie = "-id" if sort.startswith("-") else "id"
    return form, entries.order_by(sort, *(["-at"] if sort.lstrip("-") != "at" else []), tie), True


@require_perm("audit.browse_log")
def audit_log(request):
    form, entries, valid = filtered_entries(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = present_all(page.object_list, request.user)
    return render(request, "audit/log.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode(),
                                              "valid": valid},
                  status=200 if valid else 400)


@require_perm("audit.browse_log")
def audit_export(request):
    """The filtered view as a workbook; the export itself is written to the log."""
    form, entries, valid = filtered_entries(request)
    if not valid:
        colon = pgettext("audit: between a name and its value", "：")
        messages.error(request, gettext("筛选条件有误，未导出：") + pgettext("audit: between changes", "；").join(
            f"{form.fields[name].label if name in form.fields else ''}{colon if name in form.fields else ''}{e}"
            for name, errs in form.errors.items() for e in errs))
        return redirect(reverse("audit:log") + "?" + request.GET.urlencode())
    total = entries.count()
    if total > EXPORT_LIMIT:
        messages.error(request, gettext("符合条件的记录有 %(total)s 条，超过单次导出上限 %(limit)s 条，请缩小日期范围后再导出。")
                       % {"total": total, "limit": EXPORT_LIMIT})
        return redirect(reverse("audit:log") + "?" + request.GET.urlencode())
    book = SafeWorkbook()
    sheet = book.sheet(gettext("审计日志"), header=[str(c) for c in EXPORT_COLUMNS], widths=[20, 14, 28, 16, 16, 12, 36, 10, 60, 30])
    for row in present_all(entries.iterator(chunk_size=500), request.user):
        sheet.append(export_row(row))
    data = book.to_bytes()
    with transaction.atomic():
        record(request.user, "audit.export", None, object_type="audit.auditentry", object_label="审计日志导出",
               after={"rows": total, "filters": {k: v for k, v in request.GET.items() if v}})
    stamp = clock.now().astimezone(clock.SHANGHAI).strftime("%Y%m%d-%H%M%S")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=\"audit-{stamp}.xlsx\"; filename*=UTF-8''audit-{stamp}.xlsx"
    return response
