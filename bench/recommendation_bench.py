"""Recommendation benchmarks, on a fresh SQLite database:

    .venv/bin/python bench/recommendation_bench.py annex --n 200
    .venv/bin/python bench/recommendation_bench.py export --n 1000 [--memory]
    .venv/bin/python bench/recommendation_bench.py export --n 5000 [--memory]

Targets (issue 7): 附件3 for 200 applications under 1 s; the campaign export of 5,000 recommended applications
with 60 scenarios each under 30 s, with peak memory (tracemalloc, during the export only) flat from 1,000 to 5,000.
"""

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LINKS = ["工厂建设", "产品研发", "生产作业", "生产管理", "运营管理", "供应链管理"]


def setup(n: int, scenarios: int, tier: str = "excellent"):
    data_dir = tempfile.mkdtemp(prefix="factorytier-bench-")
    os.environ.update(FACTORYTIER_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="factorytier.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from stdnum.cn import uscc as stdnum_uscc

    from factorytier.accounts.choices import Role, UnitKind
    from factorytier.accounts.models import Enterprise, RecommendingUnit, User
    from factorytier.applications.models import Application, Snapshot
    from factorytier.campaigns.models import Campaign
    from factorytier.core import clock
    from factorytier.recommendations.models import ListEntry, RankedList

    call_command("migrate", verbosity=0)
    unit = RecommendingUnit.objects.create(name="基准测试集团总部", kind=UnitKind.CENTRAL_SOE)
    campaign = Campaign.objects.create(name="基准批次", year=2025, tiers_open=["excellent", "leading"],
                                       application_deadline=clock.shanghai(2025, 7, 11, 23, 59, 59),
                                       recommendation_deadline=clock.shanghai(2025, 7, 11, 23, 59, 59))
    owner = User.objects.create(username="bench-commission", role=Role.COMMISSION)
    at = clock.shanghai(2025, 7, 8, 10)
    enterprises = []
    for i in range(n):
        stem = f"91310000BENCH{i:04d}"[:17]
        enterprises.append(Enterprise(name=f"上海基准制造有限公司{i:05d}", uscc=stem + stdnum_uscc.calc_check_digit(stem),
                                      address="上海市浦东新区基准路1号", district="浦东新区", nature="private",
                                      legal_entity="independent", industry="36", contact_name="张三",
                                      contact_mobile=f"139{i:08d}", recommending_unit=unit))
    Enterprise.objects.bulk_create(enterprises, batch_size=500)
    enterprises = list(Enterprise.objects.order_by("id"))
    apps = Application.objects.bulk_create([
        Application(enterprise=e, campaign=campaign, tier=tier, title=f"{e.name}卓越级智能工厂项目", state="recommended",
                    submitted_at=at, content={}) for e in enterprises], batch_size=500)
    apps = list(Application.objects.filter(campaign=campaign).order_by("id"))
    batch = []
    for a, e in zip(apps, enterprises, strict=True):
        content = {
            "basic": {"enterprise_name": e.name, "contact_name": "张三", "contact_mobile": e.contact_mobile},
            "factory": {"start": "2022-01", "end": "2024-12", "total_investment": "12345.67", "integrators": ["上海示例集成商"]},
            "scenes": {"scenarios": [{"guide_link": LINKS[k % 6], "scenario": f"典型场景{k}", "instance": f"第{k}个场景实例的具体名称与建设内容",
                                      "description": "场景描述" * 20, "uses_ai": k % 3 == 0} for k in range(scenarios)]},
            "effects": {"kpis": {str(k): {"baseline": "45", "current": "78.5"} for k in range(1, 22)}},
            "cultivation": {"future_modes": [{"category": "研发模式创新", "mode": "创成式设计"}]},
        }
        data = {"application": {"id": a.pk, "number": a.number if hasattr(a, "campaign") else "", "title": a.title},
                "enterprise": {"name": e.name, "uscc": e.uscc, "district": e.district, "nature": "民营企业",
                               "industry": "汽车制造业", "contact_name": "张三", "contact_mobile": e.contact_mobile},
                "content": content}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        batch.append(Snapshot(application=a, version=1, data=data, canonical=text,
                              digest=hashlib.sha256(text.encode()).hexdigest(), created_at=at))
        if len(batch) == 200:
            Snapshot.objects.bulk_create(batch)
            batch = []
    Snapshot.objects.bulk_create(batch)
    rl = RankedList.objects.create(campaign=campaign, unit=unit, tier=tier, submitted_at=at)
    ListEntry.objects.bulk_create([ListEntry(ranked_list=rl, application=a, rank=n) for n, a in enumerate(apps, start=1)],
                                  batch_size=500)
    return owner, campaign, rl


def annex(n: int) -> dict:
    _owner, _campaign, rl = setup(n, 8)
    from factorytier.recommendations.summary import build

    out = {}
    for fmt in ("xlsx", "docx"):
        build(rl, fmt)  # warm-up: imports, catalogue
        times, cpus = [], []
        for _ in range(3):
            t, cpu = time.perf_counter(), time.process_time()
            _name, data = build(rl, fmt)
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - cpu)
        out[fmt] = {"seconds_best": round(min(times), 3), "seconds_worst": round(max(times), 3),
                    "cpu_seconds_best": round(min(cpus), 3), "bytes": len(data)}
    return {"applications": n, "scenarios_each": 8, **out}


def export(n: int, memory: bool) -> dict:
    owner, campaign, _rl = setup(n, 60)
    from factorytier.recommendations.exports import _tmp, write_recommended

    path = _tmp(".xlsx")
    if memory:
        import tracemalloc

        tracemalloc.start()
        tracemalloc.reset_peak()
    t, cpu = time.perf_counter(), time.process_time()
    rows = write_recommended(owner, campaign, path)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    out = {"applications": n, "scenarios_each": 60, "rows": rows, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
           "file_mb": round(path.stat().st_size / 1e6, 1)}
    if memory:
        out["peak_traced_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    path.unlink()
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["annex", "export"])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args()
    result = annex(args.n) if args.what == "annex" else export(args.n, args.memory)
    print(json.dumps(result, ensure_ascii=False))
