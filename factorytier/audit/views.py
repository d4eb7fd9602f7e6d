from datetime import datetime, time, timedelta

from django.core.paginator import Paginator
from django.shortcuts import render

from factorytier.core import clock
from factorytier.core.permissions import require_perm

from .forms import AuditFilterForm
from .models import AuditEntry


@require_perm("audit.browse_log")
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.select_related("actor")
    if form.is_valid():
        d = form.cleaned_data
        if d["actor"]:
            entries = entries.filter(actor_label__icontains=d["actor"])
        if d["action"]:
            entries = entries.filter(action__icontains=d["action"])
        if d["object_type"]:
            entries = entries.filter(object_type__icontains=d["object_type"])
        if d["object_id"]:
            entries = entries.filter(object_id=d["object_id"])
        if d["date_from"]:
            entries = entries.filter(at__gte=datetime.combine(d["date_from"], time.min, tzinfo=clock.SHANGHAI))
        if d["date_to"]:
            entries = entries.filter(at__lt=datetime.combine(d["date_to"] + timedelta(days=1), time.min, tzinfo=clock.SHANGHAI))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()})
