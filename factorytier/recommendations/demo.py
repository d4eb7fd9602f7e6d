"""Demo data for recommendation (called by `manage.py demo`):

* 2025 campaign: 浦东新区's 卓越级 list submitted with three applications in rank order — one of them a 揭榜
  unit that the demo registry confirms — and its 领航级 list with one;
* the practice campaign: five submitted 卓越级 applications in 浦东新区 and a list in progress (one entry) that
  `demo-pudong` can return from, rank and submit;
* the demo registries: rated factories and 揭榜 units that passed local acceptance.

Idempotent: lists already there are left as they are."""

from __future__ import annotations

from datetime import timedelta

from factorytier.accounts.choices import LegalEntity, Nature, UnitKind
from factorytier.accounts.models import Enterprise, RecommendingUnit, User
from factorytier.applications.models import Application, Readiness, State, StateChange
from factorytier.applications.submission import freeze
from factorytier.audit.services import record
from factorytier.core import clock

from .models import ListChange, ListEntry, RankedList, RegistryEntry, RegistryImport, RegistryKind

PUDONG = "浦东新区"
# (name, USCC stem, GB/T 4754 division, maturity level, rating held)
EXTRA = [
    ("上海示例工业机器人有限公司", "91310115MA1DEMR01", "34", 3, "advanced"),
    ("上海示例精密仪器有限公司", "91310115MA1DEMR02", "40", 3, "advanced"),
    ("上海示例航空制造有限公司", "91310115MA1DEMR03", "37", 4, "excellent"),
]
FUTURE_MODES = [{"category": "研发模式创新", "mode": "创成式设计"}, {"category": "生产方式创新", "mode": "可重构柔性制造"}]


def seed(campaign, practice, *, demo_content, full_scenarios, uscc) -> None:
    unit = RecommendingUnit.objects.get(kind=UnitKind.DISTRICT, district=PUDONG)
    extra = [_enterprise(unit, row, full_scenarios, uscc) for row in EXTRA]
    _registries()
    # 2025: 卓越级 — 集成电路装备 (揭榜, confirmed), 汽车零部件, 工业机器人; 领航级 — 航空制造.
    if not RankedList.objects.filter(campaign=campaign, unit=unit).exists():
        by_name = {e.name: e for e in Enterprise.objects.filter(district=PUDONG)}
        excellent = [_submitted(by_name[n], campaign, "excellent", demo_content, clock.shanghai(2025, 7, 8, 10))
                     for n in ("上海示例集成电路装备有限公司", "上海示例汽车零部件有限公司", extra[0].name)]
        leading = [_submitted(extra[2], campaign, "leading", demo_content, clock.shanghai(2025, 7, 9, 15))]
        officer = User.objects.filter(username="demo-pudong").first()
        at = clock.shanghai(2025, 7, 11, 16, 30)
        for tier, apps in (("excellent", excellent), ("leading", leading)):
            rl = RankedList.objects.create(campaign=campaign, unit=unit, tier=tier, version=len(apps) + 2,
                                           submitted_at=at, submitted_by=officer)
            for n, app in enumerate(apps, start=1):
                ListEntry.objects.create(ranked_list=rl, application=app, rank=n)
                if app.state != State.RECOMMENDED:
                    StateChange.objects.create(application=app, at=at, actor=officer, from_state=app.state,
                                               to_state=State.RECOMMENDED, reason=f"推荐名单第 {n} 位")
                    app.state = State.RECOMMENDED
                    app.save(update_fields=["state"])
            ListChange.objects.create(ranked_list=rl, version=rl.version, actor=officer, at=at, summary=f"报送推荐名单（{len(apps)} 个）")
            record(None, "recommendation.demo_data", rl, after={"order": [a.pk for a in apps]}, note="演示数据")
    # Practice campaign: five submitted 卓越级 applications, a list in progress holding the first.
    names = ["上海示例汽车零部件有限公司", "上海示例生物医药有限公司", "上海示例集成电路装备有限公司", extra[0].name, extra[1].name]
    apps = [_submitted(Enterprise.objects.get(name=n), practice, "excellent", demo_content, clock.now() - timedelta(hours=2))
            for n in names]
    rl, created = RankedList.objects.get_or_create(campaign=practice, unit=unit, tier="excellent")
    if created:
        ListEntry.objects.create(ranked_list=rl, application=apps[0], rank=1)
        rl.version = 2
        rl.save(update_fields=["version"])
        ListChange.objects.create(ranked_list=rl, version=2, actor=None, at=clock.now(), summary=f"加入“{apps[0].enterprise.name}”（第 1 位）")
    RankedList.objects.get_or_create(campaign=practice, unit=unit, tier="leading")


def _enterprise(unit, row, full_scenarios, uscc) -> Enterprise:
    name, stem, industry, cmmm, rating = row
    enterprise, _ = Enterprise.objects.update_or_create(uscc=uscc(stem), defaults={
        "name": name, "address": f"上海市浦东新区示例大道{len(name) * 7}号", "province": "上海市", "district": PUDONG,
        "nature": Nature.PRIVATE if rating == "advanced" else Nature.STATE_OWNED, "legal_entity": LegalEntity.INDEPENDENT,
        "industry": industry, "contact_name": f"{name[4:6]}联系人", "contact_mobile": f"1391000{int(stem[-2:]):04d}",
        "recommending_unit": unit,
    })
    from factorytier import policy

    declared = [c.id for c in policy.default_catalogue().clauses.values() if c.kind == "declared"]
    Readiness.objects.update_or_create(enterprise=enterprise, defaults={
        "cmmm_level": cmmm, "cmmm_certificate_no": f"CMMM-2024-R{stem[-2:]}", "current_rating": rating,
        "cmmm_certificate_date": clock.shanghai(2024, 5, 20).date(), "attestations": dict.fromkeys(declared, True),
        "scenarios": full_scenarios})
    return enterprise


def _submitted(enterprise, campaign, tier, demo_content, at) -> Application:
    application = Application.objects.filter(enterprise=enterprise, campaign=campaign, tier=tier).first()
    if application is not None:
        return application
    content = demo_content(enterprise)
    if tier == "leading":
        for row in content["scenes"]["scenarios"]:
            row["uses_ai"] = True
        content["cultivation"] = {"goals": "三年内建成全球领先的航空结构件智能工厂。", "measures": "建设企业级数字孪生与 AI 工艺大模型。",
                                  "future_modes": FUTURE_MODES}
    application = Application.objects.create(
        enterprise=enterprise, campaign=campaign, tier=tier, state=State.SUBMITTED, content=content, submitted_at=at,
        title=f"{enterprise.name}{'领航级' if tier == 'leading' else '卓越级'}智能工厂项目")
    freeze(application, at)
    StateChange.objects.create(application=application, at=at, from_state=State.DRAFT, to_state=State.SUBMITTED)
    record(None, "application.demo_data", application, after={"state": State.SUBMITTED}, note="演示数据")
    return application


def _registries() -> None:
    if RegistryImport.objects.filter(status=RegistryImport.Status.APPLIED).exists():
        return
    now = clock.now()
    rated = RegistryImport.objects.create(kind=RegistryKind.RATED, file_name="已获评智能工厂名单（演示）.xlsx", uploaded_at=now,
                                          status=RegistryImport.Status.APPLIED, applied_at=now)
    pilot = RegistryImport.objects.create(kind=RegistryKind.PILOT, file_name="揭榜单位地方验收通过名单（演示）.xlsx",
                                          uploaded_at=now, status=RegistryImport.Status.APPLIED, applied_at=now)
    rows = []
    # Every demo enterprise's claimed rating is on the list, except 生物医药's: the officer sees that finding (N.EX.2).
    for r in Readiness.objects.select_related("enterprise").exclude(current_rating__in=["none", "basic"]):
        if r.enterprise.name != "上海示例生物医药有限公司":
            rows.append(RegistryEntry(kind=RegistryKind.RATED, uscc=r.enterprise.uscc, name=r.enterprise.name,
                                      rating=r.current_rating, source=rated))
    for e in Enterprise.objects.filter(pilot_demo_locally_accepted=True):
        rows.append(RegistryEntry(kind=RegistryKind.PILOT, uscc=e.uscc, name=e.name, source=pilot))
    RegistryEntry.objects.bulk_create(rows)
    rated.rows = [{"uscc": x.uscc, "name": x.name, "rating": x.rating} for x in rows if x.kind == RegistryKind.RATED]
    pilot.rows = [{"uscc": x.uscc, "name": x.name, "rating": ""} for x in rows if x.kind == RegistryKind.PILOT]
    rated.save(update_fields=["rows"])
    pilot.save(update_fields=["rows"])
