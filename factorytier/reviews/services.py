"""Expert pool, conflicts, assignment, scoring and on-site checks: one function per change.

Each checks the permission, writes the change and its audit entry in one transaction and queues notices.
Problems raise ReviewRefused with a Chinese message naming the field; nothing is written then.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext_lazy, pgettext

from factorytier.accounts.choices import DIVISION_NAMES, Role
from factorytier.accounts.models import Enterprise, User
from factorytier.applications.models import Application, State
from factorytier.audit.services import record, snapshot
from factorytier.core import clock
from factorytier.core.language import policy_lang
from factorytier.core.permissions import can
from factorytier.notices.services import Day, Text, application_text, notify
from factorytier.policy import default_catalogue
from factorytier.policy.divisions import industry_name
from factorytier.policy.uscc import uscc_problem
from factorytier.policy.workflows import review_settings

from . import solver
from .models import Assignment, Conflict, ConflictKind, ExpertProfile, OnsiteCheck, ScoreSheet
from .selectors import conflicted_pairs

# Applications an expert may be assigned to: recommended and on their way through review.
REVIEWABLE = [State.RECOMMENDED, State.UNDER_REVIEW, State.MATERIAL_REVIEW, State.ONSITE_CHECK]
NAME_MAX, ORG_MAX, NOTE_MAX, COMMENT_MAX = 50, 200, 500, 2000


class ReviewRefused(Exception):
    pass


def _need(actor, perm: str, obj=None) -> None:
    if not can(actor, perm, obj):
        raise ReviewRefused(gettext("您没有权限执行此操作"))


def _text(value, label: str, limit: int, *, required: bool = False) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if required and not text:
        raise ReviewRefused(gettext("%(label)s：请填写") % {"label": label})
    if len(text) > limit:
        raise ReviewRefused(gettext("%(label)s：不能超过 %(limit)s 个字") % {"label": label, "limit": limit})
    return text


def _fields(industries, links, catalogue) -> tuple[list[str], list[str]]:
    industries = [str(i) for i in (industries or [])][:40]
    links = [str(x) for x in (links or [])][:20]
    bad = [i for i in industries if i not in DIVISION_NAMES]
    if bad:
        raise ReviewRefused(gettext("熟悉行业：未知的行业代码“%(bad)s”") % {"bad": bad[0][:10]})
    bad = [x for x in links if x not in catalogue.guide_links]
    if bad:
        raise ReviewRefused(gettext("熟悉的场景指引环节：未知的环节“%(bad)s”") % {"bad": bad[0][:20]})
    return sorted(set(industries)), [x for x in catalogue.guide_links if x in set(links)]


def _uscc(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) > 18:
        raise ReviewRefused(gettext("工作单位统一社会信用代码：应为 18 位"))
    problem = uscc_problem(value) if value else None
    if problem:
        raise ReviewRefused(gettext("工作单位统一社会信用代码：%(problem)s") % {"problem": problem})
    return value


# ---------------------------------------------------------------- expert pool

def invite_expert(actor, *, username: str, email: str, name: str, organisation: str, organisation_uscc: str = "",
                  corporate_group: str = "", industries=(), guide_links=(), catalogue=None) -> ExpertProfile:
    """The commission adds an expert to the pool; the expert gets an e-mail to set a password."""
    from factorytier import policy

    _need(actor, "reviews.manage")
    catalogue = catalogue or policy.default_catalogue()
    username = _text(username, gettext("登录名"), 40, required=True)
    if not re.fullmatch(r"[A-Za-z0-9_.@+-]+", username):
        raise ReviewRefused(gettext("登录名：只能包含字母、数字和 _.@+-"))
    email = _text(email, gettext("电子邮箱"), 254, required=True)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise ReviewRefused(gettext("电子邮箱：格式不正确"))
    name = _text(name, gettext("姓名"), NAME_MAX, required=True)
    organisation = _text(organisation, gettext("工作单位"), ORG_MAX, required=True)
    group = _text(corporate_group, gettext("所属企业集团"), ORG_MAX)
    uscc = _uscc(organisation_uscc)
    industries, links = _fields(industries, guide_links, catalogue)
    if User.objects.filter(username=username).exists():
        raise ReviewRefused(gettext("登录名：已被使用"))
    now = clock.now()
    try:
        with transaction.atomic():
            user = User(username=username, email=email, role=Role.EXPERT, display_name=name, is_active=True)
            user.set_unusable_password()
            user.save()
            profile = ExpertProfile.objects.create(
                user=user, name=name, organisation=organisation, organisation_uscc=uscc, corporate_group=group,
                industries=industries, guide_links=links, invited_by=actor, invited_at=now,
            )
            record(actor, "expert.invite", profile, after=snapshot(profile))
            link = invitation_link(user)
            notify([user], gettext_lazy("邀请您加入智能工厂梯度培育评审专家库"),
                   Text(gettext_lazy("%(name)s：市经信委邀请您加入评审专家库。请通过以下链接设置密码，并核对本人资料、申报利益关系。"),
                        name=name), link=link)
    except IntegrityError:
        raise ReviewRefused(gettext("登录名：已被使用")) from None
    scan_conflicts(actor, experts=[user])
    return profile


def invitation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/reviews/invitation/{uid}/{default_token_generator.make_token(user)}/"


def update_profile(actor, profile: ExpertProfile, *, organisation: str, organisation_uscc: str = "",
                   corporate_group: str = "", title: str = "", industries=(), guide_links=(), catalogue=None) -> ExpertProfile:
    """The commission, or the expert for their own profile, updates it; the conflict scan runs again."""
    from factorytier import policy

    own = actor.pk == profile.user_id and can(actor, "reviews.own_profile")
    if not own:
        _need(actor, "reviews.manage")
    catalogue = catalogue or policy.default_catalogue()
    organisation = _text(organisation, gettext("工作单位"), ORG_MAX, required=True)
    uscc = _uscc(organisation_uscc)
    group = _text(corporate_group, gettext("所属企业集团"), ORG_MAX)
    title = _text(title, gettext("职称/职务"), 100)
    industries, links = _fields(industries, guide_links, catalogue)
    with transaction.atomic():
        locked = ExpertProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
        before = snapshot(locked)
        locked.organisation, locked.organisation_uscc, locked.corporate_group, locked.title = organisation, uscc, group, title
        locked.industries, locked.guide_links = industries, links
        if own:
            locked.completed_at = clock.now()
        locked.save()
        record(actor, "expert.profile", locked, before=before, after=snapshot(locked))
    scan_conflicts(actor, experts=[profile.user])
    profile.refresh_from_db()
    return profile


# ---------------------------------------------------------------- conflicts

def _kind(kind: str) -> str:
    if kind not in ConflictKind.values:
        raise ReviewRefused(gettext("冲突类型：请选择列表中的一项"))
    return kind


def declare_conflict(actor, enterprise: Enterprise, kind: str, note: str = "") -> Conflict:
    """An expert declares a relation with an enterprise (employer, advised, equity or family, other)."""
    _need(actor, "reviews.own_profile")
    return _add_conflict(actor, actor, enterprise, _kind(kind), Conflict.Source.DECLARED, _text(note, gettext("说明"), NOTE_MAX))


def pin_conflict(actor, expert: User, enterprise: Enterprise, kind: str, note: str = "") -> Conflict:
    """The commission records a conflict; the expert cannot remove it."""
    _need(actor, "reviews.manage")
    if expert.role != Role.EXPERT:
        raise ReviewRefused(gettext("专家：所选用户不是评审专家"))
    return _add_conflict(actor, expert, enterprise, _kind(kind), Conflict.Source.COMMISSION, _text(note, gettext("说明"), NOTE_MAX))


def _add_conflict(actor, expert, enterprise, kind, source, note, status=Conflict.Status.ACTIVE) -> Conflict:
    now = clock.now()
    with transaction.atomic():
        conflict, created = Conflict.objects.get_or_create(
            expert=expert, enterprise=enterprise, source=source,
            defaults={"kind": kind, "note": note, "status": status, "created_by": actor, "created_at": now},
        )
        if not created:
            before = snapshot(conflict)
            conflict.kind, conflict.note, conflict.status = kind, note or conflict.note, status
            conflict.save()
        else:
            before = None
        record(actor, f"conflict.{source}", conflict, before=before, after=snapshot(conflict))
        _withdraw_across(actor, conflict)
    return conflict


def _withdraw_across(actor, conflict: Conflict) -> int:
    """An assignment not yet scored across an active conflict is withdrawn (the expert is told)."""
    if conflict.status != Conflict.Status.ACTIVE:
        return 0
    doomed = list(Assignment.objects.filter(
        expert_id=conflict.expert_id, application__enterprise_id=conflict.enterprise_id, status=Assignment.Status.ASSIGNED,
    ).select_related("application"))
    for a in doomed:
        record(actor, "assignment.withdrawn_for_conflict", a, before=snapshot(a), note=str(conflict))
        a.delete()
    return len(doomed)


def remove_declared_conflict(actor, conflict: Conflict) -> None:
    """The expert withdraws their own declaration; pinned conflicts stay."""
    if conflict.expert_id != actor.pk or not can(actor, "reviews.own_profile"):
        raise ReviewRefused(gettext("您没有权限执行此操作"))
    if conflict.pinned:
        raise ReviewRefused(gettext("该利益冲突由市经信委认定或评审时申报，不能由专家删除"))
    with transaction.atomic():
        record(actor, "conflict.remove", conflict, before=snapshot(conflict))
        conflict.delete()


def decide_possible_conflict(actor, conflict: Conflict, confirm: bool) -> Conflict:
    """The commission confirms an automatically found conflict (it then blocks) or dismisses it."""
    _need(actor, "reviews.manage")
    if conflict.source != Conflict.Source.AUTOMATIC:
        raise ReviewRefused(gettext("只有系统比对发现的可能冲突需要确认或排除"))
    with transaction.atomic():
        locked = Conflict.objects.select_for_update(of=("self",)).get(pk=conflict.pk)
        before = snapshot(locked)
        locked.status = Conflict.Status.ACTIVE if confirm else Conflict.Status.DISMISSED
        locked.decided_by, locked.decided_at = actor, clock.now()
        locked.save()
        record(actor, "conflict.confirm" if confirm else "conflict.dismiss", locked, before=before, after=snapshot(locked))
        _withdraw_across(actor, locked)
    return locked


def _norm(name: str) -> str:
    name = re.sub(r"[\s（）()·,，.。-]", "", name or "")
    for suffix in ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def possible_conflict(profile: ExpertProfile, enterprise: Enterprise) -> str:
    """Why the expert may be conflicted with this enterprise (empty when nothing matches)."""
    if profile.organisation_uscc and profile.organisation_uscc == enterprise.uscc:
        return "工作单位统一社会信用代码与申报企业相同"
    org, ent = _norm(profile.organisation), _norm(enterprise.name)
    if org and ent and (org == ent or (len(org) >= 4 and org in ent) or (len(ent) >= 4 and ent in org)):
        return f"工作单位“{profile.organisation}”与申报企业名称相近"
    group = _norm(profile.corporate_group)
    soe = _norm(enterprise.central_soe_group.name) if enterprise.central_soe_group_id else ""
    if group and len(group) >= 2 and (group in ent or (soe and (group in soe or soe in group))):
        return f"所属企业集团“{profile.corporate_group}”与申报企业关联"
    return ""


def scan_conflicts(actor, experts=None, enterprises=None) -> int:
    """Automatic matching of organisation names, USCCs and corporate groups: adds "possible conflict"
    rows for the commission to confirm or dismiss (a dismissed one is not raised again)."""
    profiles = ExpertProfile.objects.filter(is_active=True).select_related("user")
    if experts is not None:
        profiles = profiles.filter(user__in=[e.pk for e in experts])
    if enterprises is None:
        enterprises = Enterprise.objects.filter(
            applications__state__in=REVIEWABLE).select_related("central_soe_group").distinct()
    enterprises = list(enterprises)
    existing = set(Conflict.objects.filter(source=Conflict.Source.AUTOMATIC).values_list("expert_id", "enterprise_id"))
    added = 0
    now = clock.now()
    with transaction.atomic():
        for profile in profiles:
            for enterprise in enterprises:
                if (profile.user_id, enterprise.pk) in existing:
                    continue
                why = possible_conflict(profile, enterprise)
                if why:
                    c = Conflict.objects.create(expert=profile.user, enterprise=enterprise, kind=ConflictKind.SAME_ORGANISATION,
                                                source=Conflict.Source.AUTOMATIC, status=Conflict.Status.POSSIBLE, note=why,
                                                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                                                created_at=now)
                    record(actor, "conflict.possible", c, after=snapshot(c))
                    added += 1
    return added


def declare_on_opening(actor, assignment: Assignment, kind: str, note: str = "") -> tuple[Conflict, list[User]]:
    """An expert opening an application declares a conflict: they are unassigned, it is logged, and
    replacements (experts without a conflict and with room under the cap) are proposed to the commission."""
    if assignment.expert_id != actor.pk or not can(actor, "reviews.score"):
        raise ReviewRefused(gettext("您没有权限执行此操作"))
    if assignment.status == Assignment.Status.SCORED:
        raise ReviewRefused(gettext("您已提交评分，如需回避请联系市经信委"))
    kind = _kind(kind)
    note = _text(note, gettext("说明"), NOTE_MAX)
    application = assignment.application
    with transaction.atomic():
        a = Assignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk)
        before = snapshot(a)
        a.status = Assignment.Status.DECLINED
        a.save(update_fields=["status"])
        record(actor, "assignment.declined", a, before=before, after=snapshot(a), note=note)
        # Declined, the row stays, so the solver never proposes this expert here again.
        conflict = _add_conflict(actor, actor, application.enterprise, kind, Conflict.Source.ON_OPENING, note)
        replacements = propose_replacements(application)
        commission = User.objects.filter(role=Role.COMMISSION, is_active=True)
        names = "、".join(str(u) for u in replacements) or gettext_lazy("暂无符合条件的专家")
        notify(commission, Text(gettext_lazy("专家申报回避：%(number)s"), number=application.number),
               Text(gettext_lazy("%(expert)s 对 %(application)s 申报回避（%(kind)s）。建议替换：%(names)s"), expert=actor,
                    application=application_text(application), kind=ConflictKind(kind).label, names=names),
               link=f"/reviews/campaigns/{application.campaign_id}/assignments/")
    return conflict, replacements


# ---------------------------------------------------------------- assignment

def _experts():
    return list(ExpertProfile.objects.filter(is_active=True, user__is_active=True).select_related("user"))


def _loads(campaign_id: int) -> dict[int, int]:
    loads: dict[int, int] = {}
    for expert_id in Assignment.objects.filter(application__campaign_id=campaign_id).exclude(
            status=Assignment.Status.DECLINED).values_list("expert_id", flat=True):
        loads[expert_id] = loads.get(expert_id, 0) + 1
    return loads


def _papers(applications, k: int, counts: dict[int, int]) -> list[solver.Paper]:
    out = []
    for a in applications:
        links = frozenset(s.get("guide_link", "") for s in (a.content or {}).get("scenes", {}).get("scenarios", [])
                          if isinstance(s, dict))
        out.append(solver.Paper(a.pk, a.enterprise_id, max(0, k - counts.get(a.pk, 0)), a.enterprise.industry, links))
    return out


def _reviewers(profiles, loads: dict[int, int], cap: int) -> list[solver.Reviewer]:
    return [solver.Reviewer(p.user_id, max(0, cap - loads.get(p.user_id, 0)), loads.get(p.user_id, 0),
                            frozenset(p.industries), frozenset(p.guide_links)) for p in profiles]


def reviewable(campaign):
    return Application.objects.filter(campaign=campaign, state__in=REVIEWABLE).select_related("enterprise", "campaign")


def propose_replacements(application: Application, limit: int = 3) -> list[User]:
    settings = review_settings(application.campaign.policy_catalogue, application.tier)
    profiles = _experts()
    loads = _loads(application.campaign_id)
    blocked = conflicted_pairs(enterprise_ids=[application.enterprise_id])
    taken = set(Assignment.objects.filter(application=application).values_list("expert_id", flat=True))
    paper = _papers([application], 1, {})[0]
    scored = []
    for r in _reviewers(profiles, loads, settings.max_per_expert):
        if r.capacity > 0 and r.id not in taken and (r.id, application.enterprise_id) not in blocked:
            scored.append((solver.match_cost(paper, r) + solver.slot_cost(r.load), r.id))
    by_id = {p.user_id: p.user for p in profiles}
    return [by_id[i] for _c, i in sorted(scored)[:limit]]


def auto_assign(actor, campaign) -> list[Assignment]:
    """Fill every reviewable application of the campaign up to k experts, within each expert's cap, as a
    min-cost flow; the new assignments are drafts until the commission publishes them."""
    _need(actor, "reviews.manage")
    applications = list(reviewable(campaign))
    if not applications:
        raise ReviewRefused(gettext("本批次没有待评审的申报书"))
    now = clock.now()
    created = []
    with transaction.atomic():
        for tier in sorted({a.tier for a in applications}):
            settings = review_settings(campaign.policy_catalogue, tier)
            group = [a for a in applications if a.tier == tier]
            counts: dict[int, int] = {}
            taken = set()
            for app_id, expert_id, status in Assignment.objects.filter(application__in=group).values_list(
                    "application_id", "expert_id", "status"):
                taken.add((app_id, expert_id))
                if status != Assignment.Status.DECLINED:
                    counts[app_id] = counts.get(app_id, 0) + 1
            profiles = _experts()
            reviewers = _reviewers(profiles, _loads(campaign.pk), settings.max_per_expert)
            papers = _papers(group, settings.experts_per_application, counts)
            blocked = conflicted_pairs(enterprise_ids={a.enterprise_id for a in group})
            pairs = solver.solve(papers, reviewers, blocked, taken)
            pmap, rmap = {p.id: p for p in papers}, {r.id: r for r in reviewers}
            rows = [Assignment(application_id=pid, expert_id=rid, assigned_at=now, source=Assignment.Source.AUTOMATIC,
                               explanation=why_assigned(pmap[pid], rmap[rid])) for pid, rid in pairs]
            created += Assignment.objects.bulk_create(rows)
        record(actor, "assignment.auto", campaign, after={"created": len(created)},
               note=f"自动分配 {len(created)} 项（待发布）")
    return created


def why_assigned(paper: solver.Paper, reviewer: solver.Reviewer, *, translated: bool = False) -> str:
    """Why this expert suits this application. Stored with an automatic assignment in Chinese (the stored
    explanation does not depend on who pressed the button); `translated` words it for the reader instead."""
    def t(text: str) -> str:
        return gettext(text) if translated else text

    comma = pgettext("list separator", "、") if translated else "、"
    semicolon = pgettext("between clauses", "；") if translated else "；"
    parts = []
    if paper.industry and paper.industry in reviewer.industries:
        name = str(DIVISION_NAMES.get(paper.industry, paper.industry))
        if translated:  # catalogue data (GB/T 4754 names), not gettext
            name = industry_name(paper.industry, policy_lang())
        parts.append(t(gettext_noop("熟悉行业：%(industry)s")) % {"industry": name})
    common = sorted(paper.links & reviewer.links)
    if common:
        catalogue = default_catalogue()
        links = [catalogue.guide_category_name(str(x), policy_lang()) if translated else str(x) for x in common[:4]]
        parts.append(t(gettext_noop("熟悉环节：%(links)s")) % {"links": comma.join(links)})
    parts.append(t(gettext_noop("分配前已承担 %(n)s 项")) % {"n": reviewer.load})
    return semicolon.join(parts)[:300]


def explain(application: Application) -> list[dict]:
    """For the commission: every expert in the pool, and why they are or are not assigned here."""
    settings = review_settings(application.campaign.policy_catalogue, application.tier)
    loads = _loads(application.campaign_id)
    assigned = {a.expert_id: a for a in Assignment.objects.filter(application=application)}
    conflicts = {}
    for c in Conflict.objects.filter(enterprise_id=application.enterprise_id).exclude(status=Conflict.Status.DISMISSED):
        conflicts.setdefault(c.expert_id, c)
    paper = _papers([application], 1, {})[0]
    rows = []
    for p in _experts():
        r = _reviewers([p], loads, settings.max_per_expert)[0]
        a = assigned.get(p.user_id)
        c = conflicts.get(p.user_id)
        stored = False  # the reason is an automatic assignment's stored explanation (Chinese data)
        if a is not None:
            state, code = a.get_status_display(), a.status
            if a.status == Assignment.Status.DECLINED:
                reason = gettext("已回避")
            elif a.explanation and a.explanation != "人工分配":
                reason, stored = a.explanation, True
            else:
                reason = a.get_source_display()
        elif c is not None:
            state, code = gettext("不可分配"), "unavailable"
            reason = gettext("利益冲突：%(kind)s（%(source)s，%(status)s）") % {
                "kind": c.get_kind_display(), "source": c.get_source_display(), "status": c.get_status_display()}
        elif r.capacity <= 0:
            state, code = gettext("不可分配"), "unavailable"
            reason = gettext("已达每位专家 %(n)s 项的上限") % {"n": settings.max_per_expert}
        else:
            state, code = gettext("未分配"), "unassigned"
            reason = gettext("可分配；匹配成本 %(cost)s，已承担 %(load)s 项（%(why)s）") % {
                "cost": solver.match_cost(paper, r), "load": r.load, "why": why_assigned(paper, r, translated=True)}
        rows.append({"profile": p, "assignment": a, "state": state, "code": code, "reason": reason,
                     "reason_stored": stored})
    order = {"declined": 0, "scored": 1, "assigned": 2, "unavailable": 3, "unassigned": 4}
    rows.sort(key=lambda row: (row["assignment"] is None, order.get(row["code"], 5), row["profile"].name))
    return rows


def assign_by_hand(actor, application: Application, expert: User) -> Assignment:
    _need(actor, "reviews.manage")
    if expert.role != Role.EXPERT or not ExpertProfile.objects.filter(user=expert, is_active=True).exists():
        raise ReviewRefused(gettext("专家：所选用户不在专家库中"))
    if application.state not in REVIEWABLE:
        raise ReviewRefused(gettext("该申报书当前不在评审阶段"))
    if conflicted_pairs([expert.pk], [application.enterprise_id]):
        raise ReviewRefused(gettext("专家：%(expert)s 与 %(enterprise)s 存在利益冲突（或待确认的可能冲突），不能分配") % {
            "expert": expert, "enterprise": application.enterprise})
    settings = review_settings(application.campaign.policy_catalogue, application.tier)
    if _loads(application.campaign_id).get(expert.pk, 0) >= settings.max_per_expert:
        raise ReviewRefused(gettext("专家：%(expert)s 已达每位专家 %(limit)s 项的上限") % {
            "expert": expert, "limit": settings.max_per_expert})
    with transaction.atomic():
        try:
            with transaction.atomic():
                a = Assignment.objects.create(application=application, expert=expert, assigned_at=clock.now(),
                                              source=Assignment.Source.MANUAL, explanation="人工分配")
        except IntegrityError:
            raise ReviewRefused(gettext("专家：已分配给该申报书（或已回避）")) from None
        record(actor, "assignment.manual", a, after=snapshot(a))
    return a


def unassign(actor, assignment: Assignment) -> None:
    _need(actor, "reviews.manage")
    if assignment.status == Assignment.Status.SCORED:
        raise ReviewRefused(gettext("专家已提交评分，不能取消分配"))
    with transaction.atomic():
        record(actor, "assignment.remove", assignment, before=snapshot(assignment))
        was_published = assignment.published_at is not None
        expert, application = assignment.expert, assignment.application
        assignment.delete()
        if was_published:
            notify([expert], Text(gettext_lazy("评审任务取消：%(number)s"), number=application.number),
                   Text(gettext_lazy("%(application)s 的评审任务已取消。"), application=application_text(application)), link="/")


def publish_assignments(actor, campaign) -> int:
    """Publish the campaign's draft assignments; each expert is told what they have to score."""
    _need(actor, "reviews.manage")
    now = clock.now()
    with transaction.atomic():
        drafts = list(Assignment.objects.filter(application__campaign=campaign, published_at__isnull=True,
                                                status=Assignment.Status.ASSIGNED).select_related("expert", "application"))
        if not drafts:
            raise ReviewRefused(gettext("没有待发布的分配"))
        Assignment.objects.filter(pk__in=[a.pk for a in drafts]).update(published_at=now)
        by_expert: dict[int, list[Assignment]] = {}
        for a in drafts:
            by_expert.setdefault(a.expert_id, []).append(a)
        for items in by_expert.values():
            expert = items[0].expert
            lines = "\n".join(f"· {a.application.number} {a.application.title}" for a in items)
            notify([expert], Text(ngettext_lazy("新的评审任务（%(n)s 项）", "新的评审任务（%(n)s 项）", "n"), n=len(items)),
                   Text(gettext_lazy("%(campaign)s：\n%(lines)s"), campaign=campaign, lines=lines), link="/reviews/")
        record(actor, "assignment.publish", campaign, after={"published": len(drafts)})
    return len(drafts)


# ---------------------------------------------------------------- scoring

def criteria_for(application: Application):
    return review_settings(application.campaign.policy_catalogue, application.tier).criteria


def weighted_total(criteria, scores: dict) -> Decimal:
    total = sum(Decimal(scores[c.id]) * c.weight / c.max for c in criteria)
    return Decimal(total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def save_scores(actor, assignment: Assignment, scores: dict, comments: dict, *, submit: bool = False) -> ScoreSheet:
    """The expert saves (or submits) their scores: a whole number 0..max and a comment per criterion."""
    if assignment.expert_id != actor.pk or not can(actor, "reviews.score") or assignment.published_at is None:
        raise ReviewRefused(gettext("您没有权限执行此操作"))
    if assignment.status == Assignment.Status.DECLINED:
        raise ReviewRefused(gettext("您已申报回避，不能评分"))
    if conflicted_pairs([actor.pk], [assignment.application.enterprise_id]):
        raise ReviewRefused(gettext("您与该企业存在利益冲突，不能评分"))
    criteria = criteria_for(assignment.application)
    clean_scores, clean_comments = {}, {}
    for c in criteria:
        raw = str((scores or {}).get(c.id, "")).strip()
        if raw == "":
            if submit:
                raise ReviewRefused(gettext("%(name)s：请打分") % {"name": c.name_in(policy_lang())})
        else:
            if not re.fullmatch(r"\d{1,3}", raw) or not 0 <= int(raw) <= c.max:
                raise ReviewRefused(gettext("%(name)s：请填写 0 到 %(max)s 的整数") % {"name": c.name_in(policy_lang()), "max": c.max})
            clean_scores[c.id] = int(raw)
        comment = _text((comments or {}).get(c.id, ""), gettext("%(name)s评语") % {"name": c.name_in(policy_lang())}, COMMENT_MAX, required=submit)
        clean_comments[c.id] = comment
    with transaction.atomic():
        locked = Assignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk)
        if locked.status == Assignment.Status.SCORED:
            raise ReviewRefused(gettext("评分已提交，不能修改"))
        sheet, _ = ScoreSheet.objects.get_or_create(assignment=locked, defaults={"updated_at": clock.now()})
        before = snapshot(sheet)
        sheet.scores, sheet.comments, sheet.updated_at = clean_scores, clean_comments, clock.now()
        sheet.weighted_total = weighted_total(criteria, clean_scores) if len(clean_scores) == len(criteria) else None
        if submit:
            sheet.submitted_at = clock.now()
            locked.status = Assignment.Status.SCORED
            locked.save(update_fields=["status"])
        sheet.save()
        record(actor, "score.submit" if submit else "score.save", sheet, before=before, after=snapshot(sheet))
    return sheet


# ---------------------------------------------------------------- on-site checks

CONCLUSIONS = OnsiteCheck.Conclusion


def record_onsite_check(actor, application: Application, *, date, team: str, findings: list, conclusion: str,
                        summary: str = "", check: OnsiteCheck | None = None) -> OnsiteCheck:
    """The commission records (or updates) an on-site check; the enterprise is told the date when it is set
    or changes."""
    _need(actor, "reviews.manage")
    if application.tier != "leading" and application.state not in REVIEWABLE:
        raise ReviewRefused(gettext("该申报书当前不在评审阶段"))
    team = _text(team, gettext("核查组成员"), 500, required=True)
    summary = _text(summary, gettext("结论说明"), COMMENT_MAX)
    if conclusion not in CONCLUSIONS.values:
        raise ReviewRefused(gettext("核查结论：请选择列表中的一项"))
    clauses = application.campaign.policy_catalogue.clauses
    clean = []
    for i, f in enumerate((findings or [])[:60]):
        if not isinstance(f, dict):
            raise ReviewRefused(gettext("核查发现第 %(n)s 条：格式不正确") % {"n": i + 1})
        clause = str(f.get("clause", "")).strip()
        if clause not in clauses:
            raise ReviewRefused(gettext("核查发现第 %(n)s 条：未知条款“%(clause)s”") % {"n": i + 1, "clause": clause[:20]})
        result = str(f.get("result", ""))
        if result not in ("met", "partly", "not_met"):
            raise ReviewRefused(gettext("核查发现第 %(n)s 条：结果须为 符合/部分符合/不符合") % {"n": i + 1})
        clean.append({"clause": clause, "result": result, "note": _text(f.get("note", ""), gettext("核查发现第 %(n)s 条说明") % {"n": i + 1}, 1000)})
    with transaction.atomic():
        if check is None:
            check = OnsiteCheck(application=application, recorded_at=clock.now(), recorded_by=actor)
            before = None
        else:
            check = OnsiteCheck.objects.select_for_update(of=("self",)).get(pk=check.pk, application=application)
            before = snapshot(check)
        date_changed = before is None or str(before.get("date")) != str(date)
        check.date, check.team, check.findings, check.conclusion, check.summary = date, team, clean, conclusion, summary
        check.save()
        record(actor, "onsite.record", check, before=before, after=snapshot(check))
        if date_changed:
            notify(application.enterprise.users.filter(is_active=True), Text(gettext_lazy("现场核查安排：%(date)s"), date=Day(date)),
                   Text(gettext_lazy("%(application)s：现场核查定于 %(date)s，请按要求做好准备。"),
                        application=application_text(application), date=Day(date, long=True)),
                   link=f"/applications/{application.pk}/")
    return check
