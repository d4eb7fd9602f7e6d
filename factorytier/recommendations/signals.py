"""Officers are told when an application enters their queue (submitted, or resubmitted after a return)."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy

from factorytier.accounts.choices import Role
from factorytier.accounts.models import User
from factorytier.applications.models import State, StateChange
from factorytier.applications.selectors import recommending_unit_id
from factorytier.notices.services import Text, notify


@receiver(post_save, sender=StateChange, dispatch_uid="recommendations.queue_notice")
def tell_officers(sender, instance: StateChange, created: bool, **kwargs):
    if not created or instance.to_state != State.SUBMITTED or instance.from_state not in (State.DRAFT, State.RETURNED):
        return
    application = instance.application
    unit_id = recommending_unit_id(application)
    officers = User.objects.filter(role=Role.RECOMMENDER, unit_id=unit_id, is_active=True)
    if instance.from_state == State.RETURNED:
        body = gettext_lazy("%(enterprise)s已重新提交%(tier)s申报书《%(title)s》，请审核。")
    else:
        body = gettext_lazy("%(enterprise)s已提交%(tier)s申报书《%(title)s》，请审核。")
    notify(officers, Text(gettext_lazy("新的待推荐申报：%(enterprise)s"), enterprise=application.enterprise.name),
           Text(body, enterprise=application.enterprise.name, tier=application.get_tier_display, title=application.title),
           link=f"/recommendations/queue/?campaign={application.campaign_id}")
