"""Decisions, their outbox, and publication of a campaign's results.

A decision is recorded by the commission with its basis (the scores, the on-site conclusion, a written
reason) and creates or rewrites ONE outbox message. Nothing changes for the enterprise until the commission
releases it: then the application takes the path's move and the message is sent once. A decision changed
before release rewrites the same message, so two contradictory notices are never sent. Publishing a
campaign puts its results on the public /results/ pages.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from factorytier.accounts.choices import Role
from factorytier.applications.models import Application
from factorytier.applications.services import TransitionRefused
from factorytier.audit.services import record, snapshot
from factorytier.core import clock
from factorytier.core.permissions import can
from factorytier.notices.services import Lines, Text, application_text, notify
from factorytier.reviews.aggregate import summarise
from factorytier.reviews.models import Assignment, OnsiteCheck, ScoreSheet
from factorytier.reviews.paths import check_move, move_on_path, path_of, state_label
from factorytier.reviews.services import criteria_for

from .models import Decision, OutboxMessage, Publication
from .presenters import path_word

REASON_MAX = 2000


class DecisionRefused(Exception):
    pass


def _need_commission(actor) -> None:
    if not can(actor, "decisions.decide"):
        raise DecisionRefused(_("只有市经信委可以作出认定决定"))


def basis_of(application: Application) -> dict:
    """What the decision rests on: the score summary and the latest on-site check."""
    sheets = list(ScoreSheet.objects.filter(assignment__application=application))
    assigned = Assignment.objects.filter(application=application).exclude(status=Assignment.Status.DECLINED).count()
    s = summarise(criteria_for(application), sheets, application.pk, assigned)
    check = OnsiteCheck.objects.filter(application=application).first()
    return {
        "scores": {"submitted": s.submitted, "assigned": s.assigned,
                   **{k: (str(v) if v is not None else None) for k, v in
                      (("mean", s.mean), ("median", s.median), ("stdev", s.stdev), ("spread", s.spread))}},
        "onsite": ({"date": check.date.isoformat(), "conclusion": check.conclusion, "conclusion_name": check.get_conclusion_display()}
                   if check else None),
    }


def _message_texts(application: Application, outcome: str, reason: str, conclusion: str) -> tuple[Text, Lines]:
    """The decision's message as texts, worded for each recipient in their language when it is released."""
    def label():
        return path_word(state_label(application, outcome))

    subject = Text(gettext_lazy("%(tier)s认定结果：%(outcome)s"), tier=application.get_tier_display, outcome=label)
    body = Lines(Text(gettext_lazy("%(application)s（%(number)s）：%(outcome)s。"), application=application_text(application),
                      number=application.number, outcome=label),
                 reason and Text(gettext_lazy("理由：%(reason)s"), reason=reason),
                 conclusion and Text(gettext_lazy("专家委员会结论：%(conclusion)s"), conclusion=conclusion))
    return subject, body


def _message(application: Application, outcome: str, reason: str, conclusion: str) -> tuple[str, str]:
    """The message as the outbox keeps it: in Chinese, the platform's language of record."""
    subject, body = _message_texts(application, outcome, reason, conclusion)
    with translation.override(settings.LANGUAGE_CODE):
        return str(subject), str(body)


def record_decision(actor, application: Application, outcome: str, reason: str = "", committee_conclusion: str = "") -> Decision:
    """Record (or, before release, change) the decision on the application's current step."""
    _need_commission(actor)
    reason = (reason or "").replace("\x00", "").strip()
    conclusion = (committee_conclusion or "").replace("\x00", "").strip()
    if len(reason) > REASON_MAX:
        raise DecisionRefused(_("理由：不能超过 %(n)s 个字") % {"n": REASON_MAX})
    if len(conclusion) > REASON_MAX:
        raise DecisionRefused(_("专家委员会结论：不能超过 %(n)s 个字") % {"n": REASON_MAX})
    with transaction.atomic():
        current = Application.objects.select_for_update(of=("self",)).select_related("campaign", "enterprise").get(pk=application.pk)
        path = path_of(current)
        move = path.move(current.state, outcome) if path else None
        if move is None or not move.decision:
            options = _("、").join(path_word(m.label) for m in (path.moves_from(current.state) if path else []) if m.decision) or _("无")
            raise DecisionRefused(_("决定结果：当前状态“%(state)s”可作的决定为：%(options)s") % {
                "state": path_word(state_label(current, current.state)), "options": options})
        try:
            check_move(current, outcome, actor, via_decision=True)
        except TransitionRefused as refusal:
            raise DecisionRefused(str(refusal)) from None
        if move.needs_reason and not reason:
            raise DecisionRefused(_("理由：“%(move)s”须填写理由") % {"move": path_word(move.label)})
        if outcome == "accepted" and not conclusion:
            raise DecisionRefused(_("专家委员会结论：验收认定须填写国家智能制造专家委的验收结论"))
        now = clock.now()
        decision = Decision.objects.select_for_update(of=("self",)).filter(application=current, step=current.state).first()
        before = snapshot(decision) if decision else None
        if decision is not None and decision.released_at is not None:
            raise DecisionRefused(_("该决定已发布，不能再修改"))
        if decision is None:
            decision = Decision(application=current, step=current.state, decided_by=actor)
        decision.outcome, decision.reason, decision.committee_conclusion = outcome, reason, conclusion
        decision.basis, decision.decided_by, decision.decided_at = basis_of(current), actor, now
        decision.save()
        subject, body = _message(current, outcome, reason, conclusion)
        OutboxMessage.objects.update_or_create(decision=decision, defaults={"subject": subject, "body": body, "updated_at": now})
        record(actor, "decision.change" if before else "decision.record", decision, before=before, after=snapshot(decision))
    return decision


def release(actor, decisions) -> int:
    """Release decisions from the outbox: each application takes its move and its one message is sent."""
    _need_commission(actor)
    released = 0
    for decision in decisions:
        with transaction.atomic():
            locked = Decision.objects.select_for_update(of=("self",)).select_related("application").get(pk=decision.pk)
            if locked.released_at is not None:
                continue
            application = locked.application
            if application.state != locked.step:
                raise DecisionRefused(_("%(application)s：申报书状态已变化，请重新作出决定") % {"application": application})
            try:
                move_on_path(application, locked.outcome, actor, locked.reason, via_decision=True, notify_enterprise=False)
            except TransitionRefused as refusal:
                raise DecisionRefused(_("%(application)s：%(why)s") % {"application": application, "why": refusal}) from None
            now = clock.now()
            locked.released_at, locked.released_by = now, actor
            locked.save(update_fields=["released_at", "released_by"])
            message = locked.message
            message.released_at = now
            message.save(update_fields=["released_at"])
            # The outbox keeps the message in Chinese; each recipient reads it in their own language.
            subject, body = _message_texts(application, locked.outcome, locked.reason, locked.committee_conclusion)
            notify(application.enterprise.users.filter(is_active=True), subject, body,
                   link=f"/applications/{application.pk}/")
            from factorytier.accounts.models import User

            unit_officers = User.objects.filter(role=Role.RECOMMENDER, unit_id=application.enterprise.recommending_unit_id,
                                                is_active=True)
            notify(unit_officers, subject, body, link=f"/applications/{application.pk}/")
            record(actor, "decision.release", locked, after={"outcome": locked.outcome, "subject": message.subject})
            _after_release(actor, locked)
            released += 1
    return released


def _after_release(actor, decision: Decision) -> None:
    """Hooks of the apps above: a 培育对象 starts its cultivation period; an accepted one becomes 领航级."""
    from django.apps import apps

    if decision.outcome in ("cultivation", "accepted") and apps.is_installed("factorytier.cultivation"):
        from factorytier.cultivation import services as cultivation

        if decision.outcome == "cultivation":
            cultivation.start(actor, decision.application)
        else:
            cultivation.mark_accepted(actor, decision.application)


def withdraw(actor, decision: Decision) -> None:
    """Drop a decision not yet released (its message goes with it)."""
    _need_commission(actor)
    with transaction.atomic():
        locked = Decision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
        if locked.released_at is not None:
            raise DecisionRefused(_("该决定已发布，不能撤销"))
        record(actor, "decision.withdraw", locked, before=snapshot(locked))
        locked.delete()


def publish(actor, campaign, note: str = "") -> Publication:
    _need_commission(actor)
    note = (note or "").replace("\x00", "").strip()[:500]
    with transaction.atomic():
        if Publication.objects.filter(campaign=campaign).exists():
            raise DecisionRefused(_("本批次结果已公布"))
        if Decision.objects.filter(application__campaign=campaign, released_at__isnull=True).exists():
            raise DecisionRefused(_("尚有未发布的决定：请先在待发通知中审核发布"))
        pub = Publication.objects.create(campaign=campaign, published_at=clock.now(), published_by=actor, note=note)
        record(actor, "results.publish", pub, after=snapshot(pub))
    return pub


def unpublish(actor, campaign) -> None:
    _need_commission(actor)
    with transaction.atomic():
        pub = Publication.objects.filter(campaign=campaign).first()
        if pub is None:
            raise DecisionRefused(_("本批次结果尚未公布"))
        record(actor, "results.unpublish", pub, before=snapshot(pub))
        pub.delete()
