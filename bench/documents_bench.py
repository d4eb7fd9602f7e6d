"""Speed and memory of the 申报书 renderers (factorytier.documents).

    .venv/bin/python bench/documents_bench.py [--n 10] [--scenarios 60] [--tier excellent|leading] [--only pdf|docx]
                                         [--keep DIR]

Builds a sample application with N scenarios of realistic long Chinese text and 21 KPIs
(factorytier.documents.samples), renders it to PDF and DOCX --n times each in this process, and reports
the cold first render (font book included), median and max of the warm renders (each of a different
snapshot: other digest, edited texts), one re-render of an identical snapshot (Typst memoises), the page
count, output sizes and the process's peak RSS. --keep DIR writes the last PDF and DOCX there for a look.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factorytier.documents import render_docx, render_pdf  # noqa: E402
from factorytier.documents.samples import sample_doc  # noqa: E402


def machine() -> str:
    model = "?"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")), "?")
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    return f"CPU {model}, {os.cpu_count()} CPUs (nproc), RAM {ram}, Python {platform.python_version()}, {platform.system()}"


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def rss_mb() -> float:
    return int(Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0]) / 1024


def variants(doc: dict, n: int) -> list[dict]:
    """n different snapshots: another digest (every page's footer) and edited texts each time, since Typst
    memoises layout and would otherwise replay an identical document almost for free."""
    out = []
    for i in range(n):
        v = copy.deepcopy(doc)
        v["digest"] = hashlib.sha256(f"{i}".encode()).hexdigest()
        v["verify_url"] = v["verify_url"].rsplit("/", 1)[0] + "/" + v["digest"]
        v["application"]["version"] = i + 1
        for sc in v["content"]["scenes"]["scenarios"]:
            sc["description"] = f"（修订{i}）" + sc["description"]
        v["content"]["factory"]["summary"] = f"（修订{i}）" + v["content"]["factory"]["summary"]
        out.append(v)
    return out


def timed(fn, docs: list[dict]) -> tuple[float, list[float], float, object]:
    """(cold first render, warm renders of different snapshots, re-render of the last one, last output)."""
    started = time.perf_counter()
    out = fn(docs[0])
    cold = time.perf_counter() - started
    warm = []
    for doc in docs[1:]:
        started = time.perf_counter()
        out = fn(doc)
        warm.append(time.perf_counter() - started)
    started = time.perf_counter()
    fn(docs[-1])
    again = time.perf_counter() - started
    return cold, warm, again, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--scenarios", type=int, default=60)
    parser.add_argument("--tier", default="excellent", choices=["excellent", "leading"])
    parser.add_argument("--only", choices=["pdf", "docx"], help="render one format (RSS of that one alone)")
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()

    doc = sample_doc(args.tier, scenarios=args.scenarios, kpis=21)
    print(f"machine: {machine()}")
    print(f"command: .venv/bin/python bench/documents_bench.py --n {args.n} --scenarios {args.scenarios} "
          f"--tier {args.tier}")
    print(f"document: {args.tier}, {args.scenarios} scenarios, {len(doc['kpis'])} KPIs, "
          f"{sum(len(str(v)) for v in doc['content'].values())} characters of content")
    docs = variants(doc, args.n + 1)
    print(f"RSS before rendering: {rss_mb():.0f} MB")
    results = {}
    formats = [(label, fn) for label, fn in (("PDF", render_pdf), ("DOCX", render_docx))
               if args.only in (None, label.lower())]
    for label, fn in formats:
        cold, warm, again, out = timed(fn, docs)
        results[label] = out
        extra = f", {pages(out)} pages" if label == "PDF" else ""
        print(f"{label:4}: cold {cold:.3f} s; {args.n} different snapshots: median {statistics.median(warm):.3f} s, "
              f"max {max(warm):.3f} s; same snapshot again {again:.3f} s; {len(out) / 1024:.0f} KiB{extra}; "
              f"RSS now {rss_mb():.0f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for label, data in results.items():
            (args.keep / f"application.{label.lower()}").write_bytes(data)
        print(f"written to {args.keep}")


if __name__ == "__main__":
    main()
