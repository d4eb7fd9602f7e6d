"""Autosave latency: one draft field saved through the real view, on a fresh SQLite database.

    .venv/bin/python bench/autosave_bench.py [--n 300]

Target (issue 4): median under 50 ms, for a 60-scenario application.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="factorytier-bench-")
    os.environ.update(FACTORYTIER_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="factorytier.settings",
                      FACTORYTIER_DEMO_PASSWORD="Bench-pass-2025!", ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from factorytier.accounts.models import User
    from factorytier.applications.drafts import save_draft
    from factorytier.applications.models import Application

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))
    user = User.objects.get(username="demo-enterprise")
    application = Application.objects.get(enterprise=user.enterprise, state="draft")
    scenarios = [{"guide_link": "生产作业", "scenario": "人机协同作业", "instance": f"实例{i}",
                  "description": "场景描述。" * 40, "uses_ai": i % 2 == 0, "ai_models": "视觉模型"} for i in range(60)]
    application = save_draft(application, {"scenes.scenarios": scenarios, "scenes.overall": "总体情况。" * 300},
                             application.version, user)
    client = Client()
    client.force_login(user, backend="factorytier.accounts.backends.UsernameOrMobileBackend")
    url = f"/applications/{application.pk}/autosave/"
    version = application.version
    times = []
    for i in range(args.n):
        body = json.dumps({"version": version, "changes": {"factory.summary": f"第 {i} 次修改的项目简介。" * 20}},
                          ensure_ascii=False)
        t0 = time.perf_counter()
        response = client.post(url, body, content_type="application/json")
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.content
        version = response.json()["version"]
    times.sort()
    print(f"autosave over {args.n} saves (60-scenario draft, SQLite): median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
