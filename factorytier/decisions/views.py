"""The commission's case page and outbox; the public results pages (only for published campaigns)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from factorytier.applications.models import Application, State
from factorytier.campaigns.models import TIER_CHOICES, Campaign
from factorytier.core.permissions import require_perm
from factorytier.core.spreadsheet import csv_bytes
from factorytier.reviews.paths import available_moves, state_label
from factorytier.reviews.views import case_context

from . import services
from .models import Decision, OutboxMessage
from .presenters import LIST_TITLES, decision_confirmation, path_word
from .selectors import LIST_NAMES, published_campaign, published_campaigns, result_rows
from .services import DecisionRefused

DECIDE = "decisions.decide"


def _application(pk: int) -> Application:
    return get_object_or_404(Application.objects.select_related("campaign", "enterprise").exclude(
        state__in=[State.DRAFT, State.WITHDRAWN]), pk=pk)


@require_perm(DECIDE)
def case(request, pk: int):
    application = _application(pk)
    decision = Decision.objects.filter(application=application, step=application.state).select_related("message").first()
    context = case_context(application, request.user)
    context["state_name"] = path_word(context["state_name"])
    return render(request, "decisions/case.html", {
        "application": application, "decision": decision, "decision_moves": available_moves(application, request.user, decisions=True),
        "decision_label": path_word(state_label(application, decision.outcome)) if decision else "",
        "history": application.decisions.filter(released_at__isnull=False).select_related("message"),
        **context,
    })


@require_perm(DECIDE)
@require_POST
def decide(request, pk: int):
    application = _application(pk)
    try:
        if request.POST.get("action") == "withdraw":
            d = get_object_or_404(Decision, application=application, step=application.state)
            services.withdraw(request.user, d)
            messages.success(request, _("已撤销未发布的决定"))
        else:
            outcome = request.POST.get("outcome", "")[:40]
            reason = request.POST.get("reason", "")[:3000]
            conclusion = request.POST.get("committee_conclusion", "")[:3000]
            if request.POST.get("confirmed") != "1":
                # A decision is explained and asked once; nothing is recorded until the confirmed form comes back.
                return _confirm_decision(request, application, outcome, reason, conclusion)
            services.record_decision(request.user, application, outcome, reason, conclusion)
            messages.success(request, _("决定已记录，通知在待发通知中，发布后生效"))
    except DecisionRefused as exc:
        messages.error(request, _("未能完成操作：%(why)s") % {"why": exc})
    return redirect("decisions:case", pk=pk)


def _confirm_decision(request, application: Application, outcome: str, reason: str, conclusion: str):
    move = next((m for m in available_moves(application, request.user, decisions=True) if m.target == outcome), None)
    if move is None:
        raise DecisionRefused(_("决定结果：当前状态“%(state)s”不能作出该决定") % {
            "state": path_word(state_label(application, application.state))})
    existing = Decision.objects.filter(application=application, step=application.state).first()
    return render(request, "decisions/confirm.html", {
        "application": application, "move": move, "label": path_word(move.label), "outcome": outcome,
        "reason": reason, "conclusion": conclusion, "existing": existing,
        "existing_label": path_word(state_label(application, existing.outcome)) if existing else "",
        "needs_reason": move.needs_reason, "needs_conclusion": outcome == State.ACCEPTED,
        "confirmation": decision_confirmation(application, outcome), "basis": services.basis_of(application),
    })


@require_perm(DECIDE)
def outbox(request):
    if request.method == "POST":
        ids = [int(x) for x in request.POST.getlist("decision")[:500] if x.isdigit() and len(x) <= 9]
        chosen = list(Decision.objects.filter(pk__in=ids, released_at__isnull=True))
        if not chosen:
            messages.error(request, _("请选择要发布的决定"))
        else:
            try:
                n = services.release(request.user, chosen)
            except DecisionRefused as exc:
                messages.error(request, _("未能完成操作：%(why)s") % {"why": exc})
            else:
                messages.success(request, _("已发布 %(n)s 项决定并发出通知") % {"n": n})
        return redirect("decisions:outbox")
    pending = OutboxMessage.objects.filter(released_at__isnull=True).select_related(
        "decision__application__enterprise", "decision__decided_by")
    sent = OutboxMessage.objects.filter(released_at__isnull=False).select_related("decision__application__enterprise").order_by("-released_at")[:50]
    campaigns = Campaign.objects.select_related("publication").order_by("-year", "-id")
    return render(request, "decisions/outbox.html", {"pending": pending, "sent": sent, "campaigns": campaigns})


@require_perm(DECIDE)
@require_POST
def publish(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    try:
        if request.POST.get("action") == "unpublish":
            services.unpublish(request.user, campaign)
            messages.success(request, _("已撤回结果公布"))
        else:
            services.publish(request.user, campaign, request.POST.get("note", "")[:600])
            messages.success(request, _("结果已公布"))
    except DecisionRefused as exc:
        messages.error(request, _("未能完成操作：%(why)s") % {"why": exc})
    return redirect("decisions:outbox")


# ---------------------------------------------------------------- public results

def results(request):
    return render(request, "decisions/results.html", {"campaigns": published_campaigns()})


def _published(pk: int) -> Campaign:
    campaign = published_campaign(pk)
    if campaign is None:
        raise Http404
    return campaign


def results_campaign(request, pk: int):
    campaign = _published(pk)
    rows = result_rows(campaign)
    tiers = dict(TIER_CHOICES)
    for r in rows:
        r["tier_label"] = tiers.get(r["tier"], r["tier_name"])
    # The official list's name is the document's title: kept in Chinese, with the interface's wording beside it.
    lists = [{"name": name, "title": str(LIST_TITLES[tier]), "rows": [r for r in rows if r["list"] == name]}
             for tier, name in LIST_NAMES.items()]
    return render(request, "decisions/results_campaign.html", {"campaign": campaign, "lists": lists})


FIELDS = [("list", "名单"), ("tier_name", "层级"), ("enterprise", "企业名称"), ("uscc", "统一社会信用代码"),
          ("project", "项目名称"), ("district", "所在区"), ("accepted", "验收通过")]


def _cell(value):
    return "是" if value is True else "否" if value is False else value


def results_csv(request, pk: int):
    campaign = _published(pk)
    # The platform's one spreadsheet writer: text a spreadsheet would read as a formula is stored as text.
    rows = [[label for _k, label in FIELDS], *([_cell(r[k]) for k, _label in FIELDS] for r in result_rows(campaign))]
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="results-{campaign.pk}.csv"'
    return response


def results_json(request, pk: int):
    campaign = _published(pk)
    return JsonResponse({
        "campaign": {"id": campaign.pk, "name": campaign.name, "year": campaign.year, "region": campaign.region,
                     "published_at": campaign.publication.published_at.isoformat()},
        "results": result_rows(campaign),
    }, json_dumps_params={"ensure_ascii": False})
