"""The enterprise's readiness page: its answers, evidence, and the whole ladder with what is missing."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factorytier import policy
from factorytier.audit.services import record, snapshot
from factorytier.campaigns.selectors import chosen_campaign
from factorytier.checker.forms import ScenarioFormSet, attestation_answers, attestation_field_name
from factorytier.checker.presenters import ladder_view
from factorytier.checker.views import place_errors, scenario_rows
from factorytier.core import clock
from factorytier.core.language import policy_lang
from factorytier.core.permissions import require_perm

from .models import Evidence, Readiness
from .readiness import campaign_catalogue, campaign_rules, facts_for, readiness_warnings, submitted_elsewhere
from .selectors import evidence_for_user
from .uploads import UploadRefused, check_evidence_room, checked_upload


class ReadinessForm(forms.ModelForm):
    pilot_demo_locally_accepted = forms.BooleanField(label=_("已通过智能制造示范工厂揭榜单位地方验收"), required=False)

    class Meta:
        model = Readiness
        fields = ["cmmm_level", "cmmm_certificate_no", "cmmm_certificate_date", "current_rating"]
        widgets = {"cmmm_certificate_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cmmm_certificate_date"].error_messages["invalid"] = _("请输入有效的日期，如 2024-05-20")
        self.fields["cmmm_level"].error_messages["invalid_choice"] = _("请从列表中选择成熟度等级")

    def clean(self):
        data = super().clean()
        level, number, day = data.get("cmmm_level"), data.get("cmmm_certificate_no"), data.get("cmmm_certificate_date")
        if level and not number:
            self.add_error("cmmm_certificate_no", _("已评估成熟度等级的，请填写评估证书编号"))
        if level and not day and "cmmm_certificate_date" not in self.errors:
            self.add_error("cmmm_certificate_date", _("已评估成熟度等级的，请填写证书日期"))
        if day and day > clock.now().astimezone(clock.SHANGHAI).date():
            self.add_error("cmmm_certificate_date", _("证书日期不能晚于今天"))
        return data


def _declared(catalogue):
    return [c for c in catalogue.clauses.values() if c.kind == "declared"]


def _applicable(result, campaign) -> list[str]:
    """Tiers this campaign opens that the ladder says the enterprise is ready for."""
    if result is None or campaign is None:
        return []
    names = {t.id: t.name for t in campaign.policy_catalogue.tiers}
    return [names[t.tier] for t in result.tiers if t.eligible and t.tier in campaign.tiers_open]


@require_perm("applications.view_own")
def readiness_page(request):
    enterprise = request.user.enterprise
    campaign = chosen_campaign(request)
    catalogue = campaign_catalogue(campaign)
    readiness, _created = Readiness.objects.get_or_create(enterprise=enterprise)
    declared = _declared(catalogue)
    loose = []
    upload_errors: dict[str, str] = {}
    if request.method == "POST":
        form = ReadinessForm(request.POST, instance=readiness,
                             initial={"pilot_demo_locally_accepted": enterprise.pilot_demo_locally_accepted})
        scenarios = ScenarioFormSet(request.POST, prefix="sc")
        attested = attestation_answers(request.POST, declared)
        if form.is_valid() and scenarios.is_valid():
            kept, rows = scenario_rows(scenarios)
            facts = facts_for(enterprise, readiness, scenarios=rows, attestations=attested)
            facts["enterprise"]["cmmm_level"] = form.cleaned_data["cmmm_level"]
            facts["enterprise"]["current_rating"] = form.cleaned_data["current_rating"]
            problems = policy.validate_facts(facts, catalogue)
            loose = place_errors(problems, form, kept)
            if not problems:
                try:
                    _save(request, form, rows, attested, declared)
                except UploadRefused as refusal:
                    # Said at the top and beside the file field it belongs to; nothing was saved.
                    upload_errors[getattr(refusal, "clause", "")] = str(refusal)
                else:
                    messages.success(request, "自评信息已保存。")
                    return redirect("applications:readiness")
    else:
        form = ReadinessForm(instance=readiness, initial={"pilot_demo_locally_accepted": enterprise.pilot_demo_locally_accepted})
        scenarios = ScenarioFormSet(prefix="sc", initial=readiness.scenarios or [{} for _ in range(3)])
        attested = readiness.attestations or {}
    try:
        result = policy.check_ladder(facts_for(enterprise, readiness), catalogue, campaign_overrides=campaign_rules(campaign),
                                    lang=policy_lang())
    except policy.FactsInvalid:
        result = None
    evidence = {}
    for ev in readiness.evidence.all():
        evidence.setdefault(ev.clause, []).append(ev)
    return render(request, "applications/readiness.html", {
        "form": form, "scenarios": scenarios, "loose_errors": loose, "campaign": campaign,
        "ladder": ladder_view(result, catalogue) if result else None, "applicable": _applicable(result, campaign),
        "declared": [(c, attestation_field_name(c.id), attested.get(c.id), evidence.get(c.id, []), upload_errors.get(c.id))
                     for c in declared],
        "upload_errors": list(upload_errors.values()),
        "guide_links": catalogue.guide_links, "scenarios_by_link": catalogue.scenarios_by_link,
        "warnings": readiness_warnings(enterprise, campaign), "frozen_applications": submitted_elsewhere(enterprise),
    })


def _save(request, form, rows, attested, declared) -> None:
    uploads = []
    for clause in declared:
        upload = request.FILES.get("ev_" + clause.id.replace(".", "_"))
        if upload is not None:
            try:
                uploads.append((clause.id, upload, *checked_upload(upload, gettext("%(clause)s 佐证材料") % {"clause": clause.id})))
            except UploadRefused as refusal:
                refusal.clause = clause.id
                raise
    with transaction.atomic():
        readiness = Readiness.objects.select_for_update().get(pk=form.instance.pk)
        check_evidence_room(readiness, [(clause_id, upload) for clause_id, upload, *_ in uploads])
        before = snapshot(readiness)
        readiness = form.save(commit=False)
        readiness.scenarios = rows
        readiness.attestations = attested
        readiness.save()
        enterprise = readiness.enterprise
        pilot = form.cleaned_data["pilot_demo_locally_accepted"]
        if enterprise.pilot_demo_locally_accepted != pilot:
            record(request.user, "enterprise.update", enterprise, before={"pilot_demo_locally_accepted": enterprise.pilot_demo_locally_accepted},
                   after={"pilot_demo_locally_accepted": pilot})
            enterprise.pilot_demo_locally_accepted = pilot
            enterprise.save(update_fields=["pilot_demo_locally_accepted"])
        record(request.user, "readiness.update", readiness, before=before, after=snapshot(readiness))
        for clause_id, upload, content_type, sha256, name in uploads:
            ev = Evidence(readiness=readiness, clause=clause_id, name=name, size=upload.size,
                          content_type=content_type, sha256=sha256, uploaded_at=clock.now())
            ev.file.save(name, upload, save=False)
            ev.save()
            record(request.user, "evidence.add", ev, after={"clause": clause_id, "name": name, "sha256": sha256})


@login_required
def evidence_download(request, evidence_id: int):
    """A readiness evidence file, for those who may see it (`selectors.evidence_for_user`)."""
    evidence = get_object_or_404(evidence_for_user(request.user), pk=evidence_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name,
                        content_type=evidence.content_type)
