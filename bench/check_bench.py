"""Throughput and memory of `factorytier check --ladder --batch`.

    .venv/bin/python bench/check_bench.py [--n 100000] [--small 10000] [--keep DIR]

Generates N varied factories (valid and a few invalid ones) as JSON Lines, runs the real command on
them as a child process, and reports tier-checks per second (lines x tiers / wall seconds) and the
child's peak RSS; a second run with --small lines shows whether memory grows with the input.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from stdnum.cn import uscc

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LINKS = ["工厂建设", "产品研发", "工艺设计", "生产管理", "生产作业", "运营管理", "产品服务", "供应链管理"]
RATINGS = ["none", "basic", "advanced", "excellent", "leading"]
INDUSTRIES = ["汽车制造业", "石油石化", "有色金属", "电子信息", "生物医药", "装备制造"]
PROVINCES = ["上海市"] * 9 + ["江苏省"]
DECLARED = ["R.B1", "R.B2", "R.B3", "R.B4", "R.BA.E", "R.AD.E1", "R.AD.E2", "R.EX.E2", "R.EX.E3", "R.EX.E4",
            "N.EX.3", "N.LD.2", "R.LD.E2", "R.LD.E3", "R.LD.E4", "N.LD.4"]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_uscc(rng: random.Random) -> str:
    body = "9131" + f"{rng.randrange(100, 231):03d}" + "0" + "MA1" + "".join(rng.choice(ALPHABET) for _ in range(6))
    return body + uscc.calc_check_digit(body)


def factory(rng: random.Random, i: int) -> dict:
    n = rng.randrange(0, 16)
    scenarios = [
        {"guide_link": rng.choice(LINKS), "scenario": f"场景{j}", "instance": f"实例{i}-{j}",
         "uses_ai": rng.random() < 0.45}
        for j in range(n)
    ]
    facts = {
        "enterprise": {
            "name": f"上海示例智能制造有限公司{i}", "uscc": make_uscc(rng), "province": rng.choice(PROVINCES),
            "district": "浦东新区", "legal_entity": "branch" if rng.random() < 0.1 else "independent",
            "industry": rng.choice(INDUSTRIES), "cmmm_level": rng.randrange(0, 6), "current_rating": rng.choice(RATINGS),
            "pilot_demo_locally_accepted": rng.random() < 0.05,
        },
        "attestations": {c: rng.random() < 0.9 for c in DECLARED if rng.random() < 0.9},
        "scenarios": scenarios,
    }
    if rng.random() < 0.01:  # a few invalid lines: the error path is part of the workload
        facts["enterprise"]["uscc"] = facts["enterprise"]["uscc"][:-1] + ("0" if facts["enterprise"]["uscc"][-1] != "0" else "1")
    return facts


def generate(path: Path, n: int, seed: int = 2025) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(factory(rng, i), ensure_ascii=False) + "\n")


def run(path: Path) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB of the child, lines written)."""
    out_path = path.with_suffix(".out")
    # A fresh parent per run, so RUSAGE_CHILDREN.ru_maxrss is this run's child only; output goes to a
    # file so that reading a pipe does not compete with the child for CPU.
    script = ("import resource, subprocess, sys, time;"
              "out = open(sys.argv[1], 'wb');"
              "t = time.perf_counter();"
              "p = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL);"
              "d = time.perf_counter() - t;"
              "print(d, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)")
    cmd = [sys.executable, "-c", script, str(out_path),
           sys.executable, "-m", "factorytier.cli", "check", "--ladder", "--batch", str(path)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
    seconds, rss, rc = float(out[0]), int(out[1]), int(out[2])
    if rc not in (0, 1, 2):
        raise SystemExit(f"factorytier check exited {rc}")
    with out_path.open("rb") as fh:
        lines = sum(1 for _ in fh)
    out_path.unlink()
    return seconds, rss, lines


def machine() -> str:
    model = platform.processor() or "?"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model}, {os.cpu_count()} CPUs, {mem:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="factorytier-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    tiers = 4
    print(f"machine: {machine()}")
    results = {}
    for n in (args.small, args.n):
        path = folder / f"factories-{n}.jsonl"
        if not path.exists():
            generate(path, n)
        seconds, rss, lines = run(path)
        if lines != n:
            raise SystemExit(f"expected {n} output lines, got {lines}")
        results[n] = (seconds, rss)
        print(f"{n:>7} lines ({path.stat().st_size / 2**20:.1f} MiB): {seconds:6.2f} s, "
              f"{n * tiers / seconds:>8,.0f} tier-checks/s, {n / seconds:>7,.0f} lines/s, peak RSS {rss / 1024:.1f} MiB")
    small, big = results[args.small][1], results[args.n][1]
    print(f"peak RSS {args.n} vs {args.small} lines: {big / 1024:.1f} MiB vs {small / 1024:.1f} MiB "
          f"({(big - small) / 1024:+.1f} MiB)")
    if not args.keep:
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
