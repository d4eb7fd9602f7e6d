from django.db import transaction

from factorytier.audit.services import record, snapshot

from .models import Campaign


def save_campaign(form, quota_formset, actor) -> Campaign:
    """Create or edit a campaign and its quotas; one audit entry for the campaign, one per quota row."""
    with transaction.atomic():
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
    return campaign
