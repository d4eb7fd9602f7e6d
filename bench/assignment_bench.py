"""Automatic assignment: 300 applications, 150 experts, 5 experts per application, at most 10 per expert,
with conflicts of all three sources, on a fresh SQLite database.

    .venv/bin/python bench/assignment_bench.py [--applications 300] [--experts 150] [--conflicts 600]

Target (issue 8): under 10 s for the whole service call (queries, solver, writing the assignments).
Also times the solver alone on the same instance.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=300)
    parser.add_argument("--experts", type=int, default=150)
    parser.add_argument("--conflicts", type=int, default=600)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="factorytier-bench-")
    os.environ.update(FACTORYTIER_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="factorytier.settings", ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from stdnum.cn import uscc as stdnum_uscc

    from factorytier.accounts.choices import MANUFACTURING_DIVISIONS, LegalEntity, Nature, Role, UnitKind
    from factorytier.accounts.models import Enterprise, RecommendingUnit, User
    from factorytier.applications.models import Application
    from factorytier.campaigns.models import Campaign
    from factorytier.core import clock
    from factorytier.reviews import services, solver
    from factorytier.reviews.models import Assignment, Conflict, ConflictKind, ExpertProfile
    from factorytier.reviews.selectors import conflicted_pairs

    call_command("migrate", verbosity=0)
    rnd = random.Random(2025)
    links = ["工厂建设", "产品研发", "工艺设计", "生产作业", "生产管理", "质量管控", "设备管理", "安全管控", "能源管理",
             "环保管控", "仓储物流", "供应链管理", "营销服务", "运营管理"]
    industries = [code for code, _ in MANUFACTURING_DIVISIONS]
    now = clock.now()
    unit = RecommendingUnit.objects.create(name="基准区经济委员会", kind=UnitKind.DISTRICT, district="基准区")
    campaign = Campaign.objects.create(name="基准批次", year=2025, tiers_open=["excellent"], application_deadline=now,
                                       recommendation_deadline=now)
    enterprises = []
    for i in range(args.applications):
        stem = f"91310000B{i:08d}"[:17]
        enterprises.append(Enterprise(name=f"基准制造有限公司{i}", uscc=stem + stdnum_uscc.calc_check_digit(stem), address="上海",
                                      district="基准区", nature=Nature.PRIVATE, legal_entity=LegalEntity.INDEPENDENT,
                                      industry=rnd.choice(industries), contact_name="张", contact_mobile="13800000000",
                                      recommending_unit=unit))
    enterprises = Enterprise.objects.bulk_create(enterprises)
    Application.objects.bulk_create([
        Application(enterprise=e, campaign=campaign, tier="excellent", title=f"{e.name}项目", state="recommended",
                    content={"scenes": {"scenarios": [{"guide_link": link} for link in rnd.sample(links, 5)]}})
        for e in enterprises])
    users = User.objects.bulk_create([User(username=f"expert{j}", role=Role.EXPERT, display_name=f"专家{j}")
                                      for j in range(args.experts)])
    ExpertProfile.objects.bulk_create([
        ExpertProfile(user=u, name=u.display_name, organisation=f"某研究院{j}", industries=rnd.sample(industries, 3),
                      guide_links=rnd.sample(links, 4), invited_at=now) for j, u in enumerate(users)])
    sources = [(Conflict.Source.DECLARED, Conflict.Status.ACTIVE), (Conflict.Source.COMMISSION, Conflict.Status.ACTIVE),
               (Conflict.Source.AUTOMATIC, Conflict.Status.POSSIBLE)]
    pairs = {(rnd.randrange(len(users)), rnd.randrange(len(enterprises))) for _ in range(args.conflicts)}
    Conflict.objects.bulk_create([
        Conflict(expert=users[u], enterprise=enterprises[e], kind=ConflictKind.OTHER, source=sources[n % 3][0],
                 status=sources[n % 3][1], created_at=now) for n, (u, e) in enumerate(sorted(pairs))])
    commission = User.objects.create(username="bench-commission", role=Role.COMMISSION)

    t0 = time.perf_counter()
    created = services.auto_assign(commission, campaign)
    elapsed = time.perf_counter() - t0

    blocked = conflicted_pairs()
    crossing = [a for a in Assignment.objects.select_related("application") if (a.expert_id, a.application.enterprise_id) in blocked]
    per_app = {}
    per_expert = {}
    for a in Assignment.objects.all():
        per_app[a.application_id] = per_app.get(a.application_id, 0) + 1
        per_expert[a.expert_id] = per_expert.get(a.expert_id, 0) + 1
    print(f"auto_assign: {len(created)} assignments for {args.applications} applications × {args.experts} experts, "
          f"{len(pairs)} conflicts, in {elapsed:.2f} s (service call, SQLite)")
    print(f"  per application min/max {min(per_app.values())}/{max(per_app.values())}; "
          f"per expert min/max {min(per_expert.values())}/{max(per_expert.values())}; across a conflict: {len(crossing)}")

    papers = [solver.Paper(i, 10_000 + i, 5, rnd.choice(industries), frozenset(rnd.sample(links, 5)))
              for i in range(args.applications)]
    reviewers = [solver.Reviewer(j, 10, 0, frozenset(rnd.sample(industries, 3)), frozenset(rnd.sample(links, 4)))
                 for j in range(args.experts)]
    conflicts = {(u, 10_000 + e) for u, e in pairs}
    t0 = time.perf_counter()
    result = solver.solve(papers, reviewers, conflicts)
    print(f"solver alone: {len(result)} pairs in {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
