"""Moves after recommendation: each tier's path is the campaign catalogue's `workflows:` section.

`move_on_path` is the one service for them. It refuses a move the tier's path does not have, checks who
may make it (the path's `by`, through the permission rules), the deadline that applies (an acceptance
application only within the cultivation period), and writes the change, the history line and the audit
entry in one transaction, locking only the application's row. Decision moves (approve, reject, list as
培育对象, accept) are made only by releasing a decision (`decisions.services.release`), never directly.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from factorytier.applications.models import Application, State, StateChange
from factorytier.applications.services import TransitionRefused
from factorytier.audit.services import record
from factorytier.core import clock
from factorytier.core.permissions import can
from factorytier.notices.services import Lines, Text, application_text, notify
from factorytier.policy.workflows import PathMove, Workflow, workflow

PERMISSION_BY_ACTOR = {"commission": "applications.decide", "enterprise": "applications.apply_acceptance"}


def path_of(application: Application) -> Workflow | None:
    """The tier's path in the campaign's own catalogue (None for a tier without one)."""
    from factorytier.policy.errors import CatalogueError

    try:
        return workflow(application.campaign.policy_catalogue, application.tier)
    except CatalogueError:
        return None


def state_label(application: Application, state: str) -> str:
    path = path_of(application)
    if path and state in path.states:
        return path.states[state]
    return State(state).label if state in State.values else state


def available_moves(application: Application, user, *, decisions: bool = False) -> list[PathMove]:
    """The path's moves this user could make now (for buttons). Decision moves only when `decisions`."""
    path = path_of(application)
    if path is None:
        return []
    return [
        m for m in path.moves_from(application.state)
        if m.decision == decisions and can(user, PERMISSION_BY_ACTOR[m.by], application)
    ]


def check_move(application: Application, to_state: str, actor, *, via_decision: bool = False) -> PathMove:
    """The path's move to `to_state`, or TransitionRefused saying why not (nothing is written)."""
    path = path_of(application)
    label = state_label(application, to_state)
    current = state_label(application, application.state)
    if path is None or not path.has_state(application.state):
        raise TransitionRefused(f"申报书当前状态为“{current}”，不在本层级推荐后的办理流程中")
    move = path.move(application.state, to_state)
    if move is None:
        raise TransitionRefused(f"{application.get_tier_display()}的办理流程中没有从“{current}”到“{label}”的步骤")
    if not can(actor, PERMISSION_BY_ACTOR[move.by], application):
        raise TransitionRefused("您没有权限执行此操作")
    if move.decision and not via_decision:
        raise TransitionRefused(f"“{move.label}”是认定决定：请在“评审决定”中记录决定及依据，经审核发布后生效")
    if to_state == State.ACCEPTANCE_APPLIED:
        cultivation = getattr(application, "cultivation", None)
        if cultivation is not None and clock.now().astimezone(clock.SHANGHAI).date() > cultivation.ends_on:
            raise TransitionRefused(f"培育期已于 {cultivation.ends_on:%Y-%m-%d} 届满，不能再申请验收")
    return move


def move_on_path(application: Application, to_state: str, actor, reason: str = "", *, via_decision: bool = False,
                 notify_enterprise: bool = True) -> Application:
    reason = (reason or "").replace("\x00", "").strip()[:2000]
    with transaction.atomic():
        current = (Application.objects.select_for_update(of=("self",))
                   .select_related("campaign", "enterprise").get(pk=application.pk))
        move = check_move(current, to_state, actor, via_decision=via_decision)
        if move.needs_reason and not reason:
            raise TransitionRefused(f"“{move.label}”须填写理由")
        before = current.state
        now = clock.now()
        current.state = to_state
        current.save(update_fields=["state", "updated_at"])
        StateChange.objects.create(application=current, at=now, actor=actor, from_state=before, to_state=to_state, reason=reason)
        record(actor, f"application.{to_state}", current, before={"state": before}, after={"state": to_state},
               note=reason or move.label)
        if notify_enterprise:
            notify(
                current.enterprise.users.filter(is_active=True),
                Text(gettext_lazy("申报书进入“%(state)s”"), state=lambda: gettext(state_label(current, to_state))),
                Lines(Text(gettext_lazy("%(application)s：%(before)s → %(after)s"), application=application_text(current),
                           before=lambda: gettext(state_label(current, before)),
                           after=lambda: gettext(state_label(current, to_state))),
                      reason and Text(gettext_lazy("理由：%(reason)s"), reason=reason)),
                link=f"/applications/{current.pk}/",
            )
    application.refresh_from_db()
    return application
