"""Every change of an application's state goes through `set_application_state`.

It checks who may make the move, that the move exists from the current state, and the
campaign's deadline for the stage; then writes the change, its history line and the audit
entry in one transaction, and queues the notices.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy

from factorytier.audit.services import record
from factorytier.campaigns.models import Stage
from factorytier.core import clock, rows
from factorytier.core.permissions import can
from factorytier.notices.services import Lines, Text, application_text, notify

from .locking import locked_application
from .models import Application, State, StateChange
from .quota import quota_refusal
from .readiness import live_application_facts
from .submission import evaluate, freeze, submission_problems


class TransitionRefused(Exception):
    """The move is not allowed; the message says why, in Chinese, and `reasons` lists every reason."""

    def __init__(self, message: str, reasons: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.reasons = reasons or []


@dataclass(frozen=True)
class Move:
    permission: str
    stage: str | None = None  # the campaign stage whose deadline applies
    needs_reason: bool = False
    closed_note: str = ""  # added to the refusal once the stage has closed
    # Made only by submitting the unit's ranked list (recommendations.services.submit_list), which keeps
    # the rank order and the quota together: never offered as a button on one application.
    by_list: bool = False


WITHDRAW_CLOSED = "撤回后需在申报期内重新提交，截止后撤回将无法恢复，因此不能撤回；如需退出，请联系推荐单位"
REASON_LIMIT = 2000

MOVES: dict[tuple[str, str], Move] = {
    (State.DRAFT, State.SUBMITTED): Move("applications.submit", Stage.APPLICATION),
    # A return happens during the recommendation stage, so the revised copy may come back until it closes.
    (State.RETURNED, State.SUBMITTED): Move("applications.submit", Stage.RECOMMENDATION),
    # A withdrawal can only be undone while the application stage is open, so it is refused once it has closed.
    (State.DRAFT, State.WITHDRAWN): Move("applications.withdraw", Stage.APPLICATION, closed_note=WITHDRAW_CLOSED),
    (State.SUBMITTED, State.WITHDRAWN): Move("applications.withdraw", Stage.APPLICATION, closed_note=WITHDRAW_CLOSED),
    (State.RETURNED, State.WITHDRAWN): Move("applications.withdraw", Stage.APPLICATION, closed_note=WITHDRAW_CLOSED),
    (State.WITHDRAWN, State.DRAFT): Move("applications.reopen", Stage.APPLICATION),
    (State.RETURNED, State.DRAFT): Move("applications.reopen"),
    (State.SUBMITTED, State.RETURNED): Move("applications.return", Stage.RECOMMENDATION, needs_reason=True),
    (State.SUBMITTED, State.RECOMMENDED): Move("applications.recommend", Stage.RECOMMENDATION, by_list=True),
    (State.SUBMITTED, State.NOT_RECOMMENDED): Move("applications.recommend", Stage.RECOMMENDATION, needs_reason=True,
                                                   by_list=True),
    # The commission reopens a unit's submitted list (recommendations.services.reopen_list).
    (State.RECOMMENDED, State.SUBMITTED): Move("applications.reopen_recommendation", needs_reason=True),
    (State.NOT_RECOMMENDED, State.SUBMITTED): Move("applications.reopen_recommendation", needs_reason=True),
    # Moves after recommendation are each tier's path in the campaign's catalogue (`workflows:`),
    # made by factorytier.reviews.paths.move_on_path, not here.
}


def allowed_moves(application: Application, user) -> list[tuple[str, Move]]:
    """(target state, move) pairs this user could make now on this application's page (for buttons)."""
    out = []
    for (src, dst), move in MOVES.items():
        if move.by_list:
            continue
        if src == application.state and can(user, move.permission, application):
            if move.stage is None or application.campaign.is_open(move.stage):
                out.append((dst, move))
    return out


def made_by_list(from_state: str, to_state: str) -> bool:
    move = MOVES.get((from_state, to_state))
    return bool(move and move.by_list)


def set_application_state(application: Application, to_state: str, actor, reason: str = "") -> Application:
    reason = (reason or "").replace("\x00", "").strip()
    if len(reason) > REASON_LIMIT:
        raise TransitionRefused(f"理由：最多 {REASON_LIMIT} 字，当前 {len(reason)} 字，请删减后再提交")
    with transaction.atomic():
        # Lock the row (the application alone, not the shared campaign) so two officers acting at once
        # cannot both move it.
        current = locked_application(application.pk)
        if current is None:
            raise Application.DoesNotExist(application.pk)
        move = MOVES.get((current.state, to_state))
        if move is None:
            raise TransitionRefused(
                f"申报书当前状态为“{current.get_state_display()}”，不能变更为“{State(to_state).label}”"
            )
        if not can(actor, move.permission, current):
            raise TransitionRefused("您没有权限执行此操作")
        if move.stage is not None and not current.campaign.is_open(move.stage):
            opens = current.campaign.application_opens_at if move.stage == Stage.APPLICATION else None
            if opens is not None and clock.now() < opens:
                raise TransitionRefused(
                    f"{Stage(move.stage).label}尚未开始，将于 {opens.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M:%S}（北京时间）开始"
                )
            deadline = current.campaign.deadline(move.stage).astimezone(clock.SHANGHAI)
            raise TransitionRefused(
                f"{Stage(move.stage).label}已于 {deadline:%Y-%m-%d %H:%M:%S}（北京时间）截止，"
                + (f"{move.closed_note}" if move.closed_note else "不能再执行此操作")
            )
        if move.needs_reason and not reason:
            raise TransitionRefused("请填写理由")
        if to_state == State.RECOMMENDED:
            refusal = quota_refusal(current)
            if refusal:
                raise TransitionRefused(refusal)
        before = {"state": current.state}
        now = clock.now()
        snapshot = None
        # Back to 已提交 from a reopened recommendation keeps the submission (and its snapshot) as it was.
        resubmission = to_state == State.SUBMITTED and current.state in (State.DRAFT, State.RETURNED)
        if resubmission:
            # The answers as they stand now are checked and frozen together (see readiness.facts_for_application).
            facts = live_application_facts(current)
            problems = submission_problems(current, evaluate(current, facts), moment=now)
            if problems:
                raise TransitionRefused(f"尚不能提交：共 {len(problems)} 项需处理", problems)
            snapshot = freeze(current, now, facts)
        current.state = to_state
        if resubmission:
            current.submitted_at = now
        rows.update(current, ["state", "submitted_at", "updated_at"])
        StateChange.objects.create(
            application=current, at=now, actor=actor, from_state=before["state"], to_state=to_state, reason=reason
        )
        after = {"state": to_state, **({"digest": snapshot.digest, "version": snapshot.version} if snapshot else {})}
        record(actor, f"application.{to_state}", current, before=before, after=after, note=reason)
        notify(
            current.enterprise.users.filter(is_active=True),
            Text(gettext_lazy("申报书状态变更为“%(state)s”"), state=State(to_state).label),
            Lines(Text(gettext_lazy("%(application)s：%(before)s → %(after)s"), application=application_text(current),
                       before=State(before["state"]).label, after=State(to_state).label),
                  reason and Text(gettext_lazy("理由：%(reason)s"), reason=reason)),
            link=f"/applications/{current.pk}/",
        )
    # The caller's object as saved: the locked read's values with this move's changes, not read again (the
    # 30–70 KB content column least of all).
    for field in Application._meta.concrete_fields:
        setattr(application, field.attname, getattr(current, field.attname))
    return application
