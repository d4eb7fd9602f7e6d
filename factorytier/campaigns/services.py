from django.db import IntegrityError, transaction

from factorytier import policy
from factorytier.audit.services import record, snapshot

from .models import Campaign, Quota


class CampaignConflict(Exception):
    """The database refused the save (a row another officer saved at the same moment)."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def catalogue_quota_initial(catalogue_name: str) -> list[dict]:
    """The catalogue's default quota per tier, as the rows of a new campaign's quota form."""
    campaign = policy.catalogue_by_name(catalogue_name).campaign
    if campaign is None:
        return []
    return [{"tier": q.tier, "unit": None, "limit": q.per_recommender, "pilot_exempt": bool(q.exempt_if)}
            for q in campaign.quotas.values()]


def save_campaign(form, quota_formset, actor) -> Campaign:
    """Create or edit a campaign and its quotas; one audit entry for the campaign, one per quota row.

    A new campaign gets its catalogue's default quota for every tier the form left without one
    (N.EX.P4: 卓越级 6, 揭榜 units exempt; N.LD.P3: 领航级 1), so it never starts without quotas."""
    try:
        with transaction.atomic():
            return _save(form, quota_formset, actor)
    except IntegrityError as exc:
        text = str(exc)
        if "quota" in text:
            raise CampaignConflict(None, "推荐名额与已保存的设置重复（每个层级每个推荐单位只能设置一个名额），未做任何更改，请刷新后重试") from None
        raise CampaignConflict("name", "同一年度、地区已有同名批次，请换一个名称；未做任何更改") from None


def _save(form, quota_formset, actor) -> Campaign:
    is_new = form.instance.pk is None
    before = None if is_new else snapshot(Campaign.objects.get(pk=form.instance.pk))
    quotas_before = {} if is_new else {q.pk: snapshot(q) for q in form.instance.quotas.all()}
    campaign = form.save()
    record(actor, "campaign.create" if is_new else "campaign.update", campaign, before=before, after=snapshot(campaign))
    quota_formset.instance = campaign
    deleted_pks = {id(f.instance): f.instance.pk for f in quota_formset.deleted_forms}
    quota_formset.save()
    for quota in quota_formset.new_objects:
        record(actor, "quota.create", quota, after=snapshot(quota))
    for quota, _changed in quota_formset.changed_objects:
        record(actor, "quota.update", quota, before=quotas_before.get(quota.pk), after=snapshot(quota))
    for quota in quota_formset.deleted_objects:
        # The row has lost its primary key once deleted: name it by the key it had.
        pk = deleted_pks.get(id(quota))
        record(actor, "quota.delete", None, object_type="campaigns.quota", object_id=pk, object_label=str(quota),
               before=quotas_before.get(pk))
    if is_new:
        have = set(campaign.quotas.filter(unit__isnull=True).values_list("tier", flat=True))
        for row in catalogue_quota_initial(campaign.catalogue):
            if row["tier"] not in have:
                quota = Quota.objects.create(campaign=campaign, tier=row["tier"], limit=row["limit"],
                                             pilot_exempt=row["pilot_exempt"])
                record(actor, "quota.create", quota, after=snapshot(quota))
    return campaign
