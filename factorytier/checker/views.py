from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render

from factorytier import policy
from factorytier.accounts.choices import Role
from factorytier.applications.models import Readiness
from factorytier.applications.readiness import campaign_catalogue, campaign_rules, facts_for
from factorytier.audit.services import record, snapshot
from factorytier.campaigns.selectors import current_campaign
from factorytier.core.language import policy_lang

from .forms import PATH_RE, EnterpriseFactsForm, ScenarioFormSet, attestation_answers, attestation_field_name
from .presenters import ladder_view


def _declared_clauses(catalogue):
    return [c for c in catalogue.clauses.values() if c.kind == "declared"]


def _initial_from_profile(user):
    """An enterprise user's form starts from its profile and saved answers."""
    if not (user.is_authenticated and user.role == Role.ENTERPRISE and user.enterprise_id):
        return {}, [], {}
    facts = facts_for(user.enterprise)
    return facts["enterprise"], facts["scenarios"], facts["attestations"]


def _facts_from_post(post, catalogue):
    form = EnterpriseFactsForm(post)
    scenarios = ScenarioFormSet(post, prefix="sc")
    form.is_valid()
    scenarios.is_valid()
    e = form.cleaned_data
    facts = {
        "enterprise": {
            "name": e.get("name", ""), "uscc": (e.get("uscc") or "").strip(), "province": e.get("province", ""),
            "district": e.get("district", ""), "legal_entity": e.get("legal_entity") or "independent",
            "industry": e.get("industry", ""), "cmmm_level": e.get("cmmm_level") or 0,
            "current_rating": e.get("current_rating") or "none",
            "pilot_demo_locally_accepted": bool(e.get("pilot_demo_locally_accepted")),
        },
        "attestations": attestation_answers(post, _declared_clauses(catalogue)),
        "scenarios": [],
    }
    kept, facts["scenarios"] = scenario_rows(scenarios)
    return form, scenarios, kept, facts


def scenario_rows(scenarios) -> tuple[list, list[dict]]:
    """The formset's non-blank rows: (their forms, for errors; their values, as the contract's scenarios)."""
    kept, rows = [], []
    for sf in scenarios.forms:
        d = getattr(sf, "cleaned_data", {}) or {}
        if not sf.is_blank():
            kept.append(sf)
            rows.append({
                "guide_link": d.get("guide_link", ""), "scenario": d.get("scenario", ""),
                "instance": d.get("instance", ""), "uses_ai": bool(d.get("uses_ai")),
            })
    return kept, rows


def place_errors(errors, form, kept_scenarios) -> list[str]:
    """Put each engine error at its field; what has no field is returned for the top of the page."""
    loose = []
    for err in errors:
        path = err.path
        if path.startswith("enterprise.") and path.split(".", 1)[1] in form.fields:
            form.add_error(path.split(".", 1)[1], err.message)
            continue
        m = PATH_RE.match(path)
        if m and int(m.group(1)) < len(kept_scenarios) and m.group(2) in kept_scenarios[int(m.group(1))].fields:
            kept_scenarios[int(m.group(1))].add_error(m.group(2), err.message)
            continue
        loose.append(f"{path}：{err.message}")
    return loose


def check_page(request):
    campaign = current_campaign()
    catalogue = campaign_catalogue(campaign)
    declared = _declared_clauses(catalogue)
    ladder, loose_errors, attested = None, [], {}
    if request.method == "POST":
        form, scenarios, kept, facts = _facts_from_post(request.POST, catalogue)
        attested = facts["attestations"]
        try:
            result = policy.check_ladder(facts, catalogue, campaign_overrides=campaign_rules(campaign),
                                          lang=policy_lang())
        except policy.FactsInvalid as invalid:
            loose_errors = place_errors(invalid.errors, form, kept)
        else:
            ladder = ladder_view(result, catalogue)
            if request.POST.get("save") and request.user.is_authenticated and request.user.role == Role.ENTERPRISE:
                _save_answers(request, facts)
                messages.success(request, "自评信息已保存到本企业资料。")
                return redirect("core:home")
    else:
        enterprise, scenario_rows, attested = _initial_from_profile(request.user)
        form = EnterpriseFactsForm(initial=enterprise or None)
        scenarios = ScenarioFormSet(prefix="sc", initial=scenario_rows or [{} for _ in range(3)])
    context = {
        "form": form, "scenarios": scenarios, "ladder": ladder, "loose_errors": loose_errors,
        "declared": [(c, attestation_field_name(c.id), attested.get(c.id)) for c in declared],
        "guide_links": catalogue.guide_links, "scenarios_by_link": catalogue.scenarios_by_link,
        "can_save": request.user.is_authenticated and request.user.role == Role.ENTERPRISE,
    }
    return render(request, "checker/page.html", context)


def _save_answers(request, facts):
    enterprise = request.user.enterprise
    with transaction.atomic():
        readiness, created = Readiness.objects.select_for_update().get_or_create(enterprise=enterprise)
        before = None if created else snapshot(readiness)
        readiness.cmmm_level = facts["enterprise"]["cmmm_level"]
        readiness.current_rating = facts["enterprise"]["current_rating"]
        readiness.attestations = facts["attestations"]
        readiness.scenarios = facts["scenarios"]
        readiness.save()
        record(request.user, "readiness.update", readiness, before=before, after=snapshot(readiness))
