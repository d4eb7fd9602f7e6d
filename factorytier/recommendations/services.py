"""Every change of a ranked list goes through one function here.

Each checks the permission (`core.permissions.can` on the rules in rules.py), the recommendation
deadline (`core.clock`, to the second), the list's version (a stale copy is refused with what the
other officer changed), the quota; then writes the change, its `ListChange` line and the audit entry
in one transaction, locking the list's row only. State changes of applications go through
`applications.services.set_application_state`.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from factorytier.accounts.choices import Role
from factorytier.applications.models import Application, State
from factorytier.applications.services import TransitionRefused, set_application_state
from factorytier.audit.services import record
from factorytier.campaigns.models import Stage
from factorytier.core import clock
from factorytier.core.permissions import can
from factorytier.notices.services import Text, notify

from .models import ListChange, ListEntry, RankedList
from .quota import QuotaState, quota_for_list, refusal_text
from .selectors import recommending_unit_id, unit_applications

NOT_LISTED_REASON = "推荐单位报送推荐名单时未将该项目列入推荐名单"


class ListRefused(Exception):
    """The change is not allowed; the message says why, in Chinese."""


class StaleList(ListRefused):
    """The list changed since the caller read it; `changes` says what the others changed."""

    def __init__(self, current_version: int, changes: list[str]):
        self.current_version = current_version
        self.changes = changes
        super().__init__(f"名单已被他人修改（当前版本 {current_version}），您的操作未执行。对方的修改：" + "；".join(changes))


def list_for(unit, campaign, tier: str) -> RankedList:
    """The unit's list for the campaign and tier (created empty on first use)."""
    ranked_list, _ = RankedList.objects.get_or_create(campaign=campaign, unit=unit, tier=tier)
    return ranked_list


def exempt_flags(ranked_list, applications) -> dict[int, bool]:
    """Per application: its quota exemption claimed and confirmed by the registry (N.EX.P4)."""
    from .checks import verdicts

    return {pk: v.exempt for pk, v in verdicts(applications).items()}


def quota_state(ranked_list, applications=None) -> QuotaState:
    if applications is None:
        applications = [e.application for e in ranked_list.entries.select_related("application__enterprise", "application__campaign")]
    flags = exempt_flags(ranked_list, applications)
    return quota_for_list(ranked_list, list(flags.values()))


def _locked(ranked_list, actor, version: int | None, perm: str = "recommendations.edit_list") -> RankedList:
    current = RankedList.objects.select_for_update(of=("self",)).select_related("campaign", "unit").get(pk=ranked_list.pk)
    if not can(actor, perm, current):
        raise ListRefused("您没有权限修改该推荐名单")
    if version is not None and int(version) != current.version:
        changes = [f"{c.at.astimezone(clock.SHANGHAI):%H:%M:%S} {c.actor or '系统'}：{c.summary}"
                   for c in current.changes.filter(version__gt=int(version)).select_related("actor")[:20]]
        raise StaleList(current.version, changes)
    return current


def _open(current: RankedList) -> None:
    if current.is_submitted:
        raise ListRefused(f"该推荐名单已于 {current.submitted_at.astimezone(clock.SHANGHAI):%Y-%m-%d %H:%M:%S} 报送，不能再修改")
    if not current.campaign.is_open(Stage.RECOMMENDATION):
        deadline = current.campaign.recommendation_deadline.astimezone(clock.SHANGHAI)
        raise ListRefused(f"推荐已于 {deadline:%Y-%m-%d %H:%M:%S}（北京时间）截止，不能再修改或报送推荐名单")


def _bump(current: RankedList, actor, summary: str, action: str, after: dict | None = None) -> RankedList:
    current.version += 1
    current.save(update_fields=["version", "submitted_at", "submitted_by", "reopened_at", "reopen_reason", "updated_at"])
    ListChange.objects.create(ranked_list=current, version=current.version, actor=actor, at=clock.now(), summary=summary[:300])
    record(actor, f"recommendation.{action}", current, after={"version": current.version, **(after or {})}, note=summary)
    return current


def _order(current: RankedList) -> list[ListEntry]:
    return list(current.entries.select_related("application__enterprise", "application__campaign").order_by("rank", "id"))


def _renumber(entries: list[ListEntry]) -> None:
    for n, entry in enumerate(entries, start=1):
        if entry.rank != n:
            entry.rank = n
            entry.save(update_fields=["rank"])


def add_application(ranked_list: RankedList, application: Application, actor, version: int | None) -> RankedList:
    with transaction.atomic():
        current = _locked(ranked_list, actor, version)
        _open(current)
        app = Application.objects.select_related("enterprise", "campaign").get(pk=application.pk)
        if (app.campaign_id != current.campaign_id or app.tier != current.tier
                or recommending_unit_id(app) != current.unit_id):
            raise ListRefused("该申报书不属于本单位本批次本层级，不能加入")
        if app.state != State.SUBMITTED:
            raise ListRefused(f"只能加入已提交的申报书（该申报书当前为“{app.get_state_display()}”）")
        if ListEntry.objects.filter(application=app).exists():
            raise ListRefused("该申报书已在推荐名单中")
        entries = _order(current)
        apps = [e.application for e in entries] + [app]
        flags = exempt_flags(current, apps)
        state = quota_for_list(current, [flags[a.pk] for a in apps])
        if state.limit is not None and state.used > state.limit:
            raise ListRefused(refusal_text(current, quota_for_list(current, [flags[a.pk] for a in apps[:-1]])))
        ListEntry.objects.create(ranked_list=current, application=app, rank=len(entries) + 1)
        return _bump(current, actor, f"加入“{app.enterprise.name}”（第 {len(entries) + 1} 位）", "add",
                     {"application": app.pk})


def remove_application(ranked_list: RankedList, application: Application, actor, version: int | None) -> RankedList:
    with transaction.atomic():
        current = _locked(ranked_list, actor, version)
        _open(current)
        entries = _order(current)
        entry = next((e for e in entries if e.application_id == application.pk), None)
        if entry is None:
            raise ListRefused("该申报书不在推荐名单中")
        entry.delete()
        _renumber([e for e in entries if e.pk != entry.pk])
        return _bump(current, actor, f"移出“{entry.application.enterprise.name}”", "remove", {"application": application.pk})


def reorder(ranked_list: RankedList, order: list[int], actor, version: int | None) -> RankedList:
    """Put the list in `order` (application ids, every listed one exactly once)."""
    with transaction.atomic():
        current = _locked(ranked_list, actor, version)
        _open(current)
        entries = _order(current)
        by_app = {e.application_id: e for e in entries}
        if len(order) != len(entries) or set(order) != set(by_app):
            raise ListRefused("排序无效：须包含名单中的每个申报书各一次")
        before = [e.application_id for e in entries]
        if before == list(order):
            return current
        new = [by_app[a] for a in order]
        _renumber(new)
        moved = [f"{by_app[a].application.enterprise.name}→第 {n} 位" for n, a in enumerate(order, start=1) if before[n - 1] != a]
        return _bump(current, actor, "调整顺序：" + "，".join(moved)[:250], "reorder", {"order": list(order)})


def move(ranked_list: RankedList, application: Application, direction: str, actor, version: int | None) -> RankedList:
    """Move one application up or down by one place (the keyboard-accessible buttons)."""
    order = list(ranked_list.entries.order_by("rank", "id").values_list("application_id", flat=True))
    if application.pk not in order:
        raise ListRefused("该申报书不在推荐名单中")
    i = order.index(application.pk)
    j = i - 1 if direction == "up" else i + 1
    if j < 0 or j >= len(order):
        raise ListRefused("已在名单的" + ("首位" if j < 0 else "末位"))
    order[i], order[j] = order[j], order[i]
    return reorder(ranked_list, order, actor, version)


def submit_list(ranked_list: RankedList, actor, version: int | None) -> RankedList:
    """Freeze the list: listed applications become recommended in rank order, the unit's other
    submitted applications of the tier not recommended; enterprises are told by the state change."""
    with transaction.atomic():
        current = _locked(ranked_list, actor, version)
        _open(current)
        entries = _order(current)
        if not entries:
            raise ListRefused("推荐名单为空，不能报送")
        apps = [e.application for e in entries]
        flags = exempt_flags(current, apps)
        state = quota_for_list(current, [flags[a.pk] for a in apps])
        if state.over:
            raise ListRefused(f"超出推荐名额（{state.clause}）：可推荐不超过 {state.limit} 个，名单中有 {state.used} 个占用名额")
        try:
            for n, entry in enumerate(entries, start=1):
                set_application_state(entry.application, State.RECOMMENDED, actor, f"推荐名单第 {n} 位")
            listed = {e.application_id for e in entries}
            others = unit_applications(current.unit_id, current.campaign, current.tier).filter(state=State.SUBMITTED)
            for app in others.exclude(pk__in=listed).select_related("enterprise", "campaign"):
                set_application_state(app, State.NOT_RECOMMENDED, actor, NOT_LISTED_REASON)
        except TransitionRefused as refusal:
            raise ListRefused(f"未能报送：{refusal}") from refusal
        current.submitted_at = clock.now()
        current.submitted_by = actor
        return _bump(current, actor, f"报送推荐名单（{len(entries)} 个）", "submit",
                     {"order": [e.application_id for e in entries]})


def reopen_list(ranked_list: RankedList, actor, reason: str) -> RankedList:
    """The commission sends a submitted list back to the unit: its applications return to 已提交."""
    reason = (reason or "").replace("\x00", "").strip()[:2000]
    with transaction.atomic():
        current = _locked(ranked_list, actor, None, perm="recommendations.reopen_list")
        if not current.is_submitted:
            raise ListRefused("该推荐名单尚未报送，无需退回")
        if not reason:
            raise ListRefused("退回理由：请填写理由")
        apps = unit_applications(current.unit_id, current.campaign, current.tier).filter(
            state__in=[State.RECOMMENDED, State.NOT_RECOMMENDED]).select_related("enterprise", "campaign")
        try:
            for app in apps:
                set_application_state(app, State.SUBMITTED, actor, f"推荐名单被退回重报：{reason}")
        except TransitionRefused as refusal:
            raise ListRefused(f"未能退回：{refusal}") from refusal
        current.submitted_at = None
        current.submitted_by = None
        current.reopened_at = clock.now()
        current.reopen_reason = reason
        _bump(current, actor, f"市经信委退回重报：{reason}"[:300], "reopen")
        officers = current.unit.officers.filter(role=Role.RECOMMENDER, is_active=True)
        name = Text(gettext_lazy("%(unit)s·%(tier)s推荐名单"), unit=current.unit.name, tier=current.get_tier_display)
        notify(officers, Text(gettext_lazy("%(list)s已被退回重报"), list=name),
               Text(gettext_lazy("理由：%(reason)s"), reason=reason), link=f"/recommendations/lists/{current.pk}/")
        return current


def return_application(application: Application, actor, reason: str) -> Application:
    """Return a submitted application to its enterprise with a written reason (it leaves any list)."""
    with transaction.atomic():
        entry = ListEntry.objects.filter(application=application).select_related("ranked_list").first()
        if entry is not None:
            if entry.ranked_list.is_submitted:
                raise TransitionRefused("该申报书所在的推荐名单已报送，不能退回")
            remove_application(entry.ranked_list, application, actor, None)
        return set_application_state(application, State.RETURNED, actor, reason)


DIGEST_RE = __import__("re").compile(r"[0-9a-fA-F]{64}")


def record_paper(application: Application, actor, text: str = "", pdf: bytes | None = None):
    """The commission received the paper copy: compare the digest typed or scanned (the QR code holds the
    verify address, which ends in it) or found in the scanned PDF with the submitted snapshot's."""
    from factorytier.applications.models import Snapshot

    from .models import PaperReceipt

    if not can(actor, "recommendations.record_paper", application):
        raise ListRefused("您没有权限登记纸质版")
    latest = Snapshot.objects.filter(application=application).order_by("-created_at", "-id").first()
    if latest is None:
        raise ListRefused("该申报书没有已提交的版本")
    found: list[str] = []
    if pdf is not None:
        from factorytier.rendering.verify import digests_in_pdf

        if not pdf.startswith(b"%PDF-"):
            raise ListRefused("扫描件：请上传 PDF 文件")
        found = [d.lower() for d in digests_in_pdf(pdf)[:20]]
        if not found:
            raise ListRefused("扫描件：未能在该 PDF 中读到数字摘要，请手工输入纸质版上的摘要")
    else:
        m = DIGEST_RE.search((text or "")[:500])
        if not m:
            raise ListRefused("数字摘要：请输入或扫描纸质版申报书上的 64 位数字摘要")
        found = [m.group(0).lower()]
    entered = latest.digest if latest.digest in found else found[0]
    with transaction.atomic():
        receipt, _ = PaperReceipt.objects.update_or_create(application=application, defaults={
            "received_at": clock.now(), "received_by": actor, "digest_entered": entered,
            "digest_expected": latest.digest, "matches": entered == latest.digest})
        record(actor, "recommendation.paper", application, after={"digest": entered, "matches": receipt.matches})
    return receipt
