"""Officers are told when an application enters their queue (submitted, or resubmitted after a return)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from factorytier.accounts.choices import Role
from factorytier.accounts.models import User
from factorytier.applications.models import State, StateChange
from factorytier.applications.selectors import recommending_unit_id
from factorytier.notices.services import notify


@receiver(post_save, sender=StateChange, dispatch_uid="recommendations.queue_notice")
def tell_officers(sender, instance: StateChange, created: bool, **kwargs):
    if not created or instance.to_state != State.SUBMITTED or instance.from_state not in (State.DRAFT, State.RETURNED):
        return
    application = instance.application
    unit_id = recommending_unit_id(application)
    officers = User.objects.filter(role=Role.RECOMMENDER, unit_id=unit_id, is_active=True)
    again = "重新提交" if instance.from_state == State.RETURNED else "提交"
    notify(officers, f"新的待推荐申报：{application.enterprise.name}",
           f"{application.enterprise.name}已{again}{application.get_tier_display()}申报书《{application.title}》，请审核。",
           link=f"/recommendations/queue/?campaign={application.campaign_id}")
