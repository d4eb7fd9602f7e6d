"""The cultivation period of a 领航级 培育对象 (N.LD.P6): from the released decision to at most the catalogue's
`cultivation_max_years` later, to the day; warnings 90 and 30 days before; milestones and progress reports
the enterprise files; the acceptance application, the initial review and the acceptance decision."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from factorytier.accounts.choices import Role
from factorytier.accounts.models import User
from factorytier.applications.models import Application, Readiness, State
from factorytier.applications.services import TransitionRefused
from factorytier.audit.services import record, snapshot
from factorytier.core import clock
from factorytier.core.permissions import can
from factorytier.notices.services import Day, Text, application_text, notify
from factorytier.policy.workflows import add_years, cultivation_max_years
from factorytier.reviews.paths import move_on_path

from .models import Cultivation, Milestone, ProgressReport

WARN_DAYS = (90, 30)
FINISHED = [State.ACCEPTED, State.ACCEPTANCE_FAILED]


class CultivationRefused(Exception):
    pass


def today() -> dt.date:
    return clock.now().astimezone(clock.SHANGHAI).date()


def period(application: Application, starts_on: dt.date) -> tuple[dt.date, dt.date]:
    years = cultivation_max_years(application.campaign.policy_catalogue)
    return starts_on, add_years(starts_on, years)


def is_lapsed(cultivation: Cultivation, on: dt.date | None = None) -> bool:
    """The period ended without acceptance."""
    return (on or today()) > cultivation.ends_on and cultivation.application.state != State.ACCEPTED


def status_label(cultivation: Cultivation, on: dt.date | None = None) -> str:
    state = cultivation.application.state
    if state == State.ACCEPTED:
        return _("验收通过")
    if state == State.ACCEPTANCE_FAILED:
        return _("验收未通过")
    if is_lapsed(cultivation, on):
        return _("培育期已届满（未验收）")
    left = (cultivation.ends_on - (on or today())).days
    return _("培育中（剩余 %(days)s 天）") % {"days": left}


def start(actor, application: Application, starts_on: dt.date | None = None) -> Cultivation:
    """Called when the decision listing the application as 培育对象 is released."""
    starts_on, ends_on = period(application, starts_on or today())
    with transaction.atomic():
        c, created = Cultivation.objects.get_or_create(
            application=application, defaults={"starts_on": starts_on, "ends_on": ends_on, "created_at": clock.now()})
        if created:
            record(actor, "cultivation.start", c, after=snapshot(c))
            notify(application.enterprise.users.filter(is_active=True), gettext_lazy("领航级智能工厂培育期开始"),
                   Text(gettext_lazy("%(application)s：培育期 %(start)s 至 %(end)s。请按计划填报里程碑和进展，达到培育目标后及时申请验收。"),
                        application=application_text(application), start=Day(starts_on), end=Day(ends_on)),
                   link=f"/cultivation/{c.pk}/")
    return c


def _text(value, label, limit, required=True) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if required and not text:
        raise CultivationRefused(_("%(field)s：请填写") % {"field": label})
    if len(text) > limit:
        raise CultivationRefused(_("%(field)s：不能超过 %(n)s 个字") % {"field": label, "n": limit})
    return text


def _filer(actor, cultivation: Cultivation) -> None:
    if not can(actor, "cultivation.file", cultivation):
        raise CultivationRefused(_("您没有权限执行此操作"))
    if cultivation.application.state in FINISHED:
        raise CultivationRefused(_("培育已结束，不能再填报"))


def add_milestone(actor, cultivation: Cultivation, title: str, due_on: dt.date, done_on: dt.date | None = None,
                  note: str = "") -> Milestone:
    _filer(actor, cultivation)
    title = _text(title, _("里程碑"), 200)
    note = _text(note, _("说明"), 500, required=False)
    if not isinstance(due_on, dt.date):
        raise CultivationRefused(_("计划完成日期：请填写日期"))
    if not cultivation.starts_on <= due_on <= cultivation.ends_on:
        raise CultivationRefused(_("计划完成日期：须在培育期 %(start)s 至 %(end)s 之内") % {
            "start": date_format(cultivation.starts_on), "end": date_format(cultivation.ends_on)})
    with transaction.atomic():
        m = Milestone.objects.create(cultivation=cultivation, title=title, due_on=due_on, done_on=done_on, note=note)
        record(actor, "cultivation.milestone", m, after=snapshot(m))
    return m


def file_report(actor, cultivation: Cultivation, period_label: str, text: str) -> ProgressReport:
    _filer(actor, cultivation)
    period_label = _text(period_label, _("报告期"), 40)
    text = _text(text, _("进展情况"), 5000)
    with transaction.atomic():
        r = ProgressReport.objects.create(cultivation=cultivation, period=period_label, text=text, filed_by=actor,
                                          filed_at=clock.now())
        record(actor, "cultivation.report", r, after=snapshot(r))
        notify(User.objects.filter(role=Role.COMMISSION, is_active=True),
               Text(gettext_lazy("培育进展报告：%(enterprise)s"), enterprise=cultivation.application.enterprise.name),
               Text(gettext_lazy("%(application)s：%(period)s 进展报告已提交。"),
                    application=application_text(cultivation.application), period=period_label),
               link=f"/cultivation/{cultivation.pk}/")
    return r


def apply_acceptance(actor, cultivation: Cultivation, summary: str) -> Cultivation:
    """验收申请: the enterprise applies within its period; it goes to the commission's initial review."""
    if not can(actor, "cultivation.file", cultivation):
        raise CultivationRefused(_("您没有权限执行此操作"))
    summary = _text(summary, _("验收申请说明"), 5000)
    with transaction.atomic():
        try:
            move_on_path(cultivation.application, State.ACCEPTANCE_APPLIED, actor, "")
        except TransitionRefused as refusal:
            raise CultivationRefused(str(refusal)) from None
        locked = Cultivation.objects.select_for_update(of=("self",)).get(pk=cultivation.pk)
        before = snapshot(locked)
        locked.acceptance_summary, locked.acceptance_applied_at = summary, clock.now()
        locked.save()
        record(actor, "cultivation.apply_acceptance", locked, before=before, after=snapshot(locked))
        notify(User.objects.filter(role=Role.COMMISSION, is_active=True),
               Text(gettext_lazy("验收申请：%(enterprise)s"), enterprise=locked.application.enterprise.name),
               Text(gettext_lazy("%(application)s 已提交领航级智能工厂验收申请，请进行初审。"),
                    application=application_text(locked.application)), link=f"/cultivation/{locked.pk}/")
    return locked


def initial_review(actor, cultivation: Cultivation, passed: bool, reason: str = "") -> Cultivation:
    """初审 by the commission: passed goes on to the acceptance decision; returned goes back to the enterprise."""
    target = State.INITIAL_REVIEW_PASSED if passed else State.ACCEPTANCE_RETURNED
    try:
        move_on_path(cultivation.application, target, actor, reason)
    except TransitionRefused as refusal:
        raise CultivationRefused(str(refusal)) from None
    cultivation.refresh_from_db()
    return cultivation


def mark_accepted(actor, application: Application) -> None:
    """An accepted enterprise becomes 领航级 in its readiness profile, so its next check knows."""
    with transaction.atomic():
        readiness, _created = Readiness.objects.select_for_update(of=("self",)).get_or_create(enterprise=application.enterprise)
        before = readiness.current_rating
        readiness.current_rating = "leading"
        readiness.save(update_fields=["current_rating", "updated_at"])
        record(actor, "enterprise.rating", application.enterprise, before={"current_rating": before},
               after={"current_rating": "leading"}, note=f"{application.number} 验收通过，获评领航级智能工厂")


def send_warnings(on: dt.date | None = None) -> int:
    """Warn each enterprise (and the commission) 90 and 30 days before its period ends, once each."""
    on = on or today()
    sent = 0
    commission = list(User.objects.filter(role=Role.COMMISSION, is_active=True))
    open_periods = (Cultivation.objects.select_related("application__enterprise")
                    .exclude(application__state__in=FINISHED).filter(ends_on__gte=on))
    for c in open_periods:
        left = (c.ends_on - on).days
        for days, field in ((90, "warned_90_at"), (30, "warned_30_at")):
            if left <= days and getattr(c, field) is None and (days == 30 or left > 30):
                with transaction.atomic():
                    updated = Cultivation.objects.filter(pk=c.pk, **{f"{field}__isnull": True}).update(**{field: clock.now()})
                    if not updated:
                        continue
                    subject = Text(ngettext_lazy("培育期将于 %(end)s 届满（剩余 %(days)s 天）",
                                                 "培育期将于 %(end)s 届满（剩余 %(days)s 天）", "days"),
                                   end=Day(c.ends_on), days=left)
                    body = Text(gettext_lazy("%(application)s：培育期将于 %(end)s 届满。达到培育目标的，请及时提交验收申请。"),
                                application=application_text(c.application), end=Day(c.ends_on, long=True))
                    notify(list(c.application.enterprise.users.filter(is_active=True)) + commission, subject, body,
                           link=f"/cultivation/{c.pk}/")
                    with translation.override("zh-hans"):  # the audit log keeps Chinese notes
                        note = str(subject)
                    record(None, f"cultivation.warn_{days}", c, note=note)
                    sent += 1
    return sent
