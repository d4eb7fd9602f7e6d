"""The shared acceptance cases, read from the shared folder (never copied), run through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from policy_support import REPO, shared_dir

CASES_DIR = shared_dir() / "acceptance" / "eligibility"
CASES = sorted(CASES_DIR.glob("*.json")) if CASES_DIR.is_dir() else []


@pytest.mark.parametrize("case_file", CASES or [None], ids=[p.stem for p in CASES] or ["missing-folder"])
def test_acceptance_case(case_file, tmp_path):
    if case_file is None:
        pytest.fail(f"acceptance cases not found in {CASES_DIR} (set FACTORYTIER_SHARED_DIR to the shared folder)")
    case = json.loads(case_file.read_text(encoding="utf-8"))
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(case["facts"], ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "factorytier.cli", "check", "--tier", case["tier"], str(facts)],
        capture_output=True, cwd=REPO, timeout=60,
    )
    expect = case["expect"]
    stdout, stderr = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert proc.returncode == expect["exit"], stderr
    assert "Traceback" not in stderr
    if expect["exit"] == 2:
        assert stdout == ""
        paths = {line.split(": ", 1)[0] for line in stderr.splitlines()}
        assert set(expect["invalid_fields"]) <= paths, stderr
        return
    out = json.loads(stdout)
    assert out["tier"] == case["tier"]
    assert out["eligible"] is expect["eligible"]
    assert out["ai_scenario_ratio"] == pytest.approx(expect["ai_scenario_ratio"], abs=1e-4)
    assert sorted(out["segments_covered"]) == sorted(expect["segments_covered"])
    statuses = {f["clause"]: f["status"] for f in out["findings"]}
    assert len(statuses) == len(out["findings"]), "a clause appears twice"
    for clause, status in expect["statuses"].items():
        assert statuses.get(clause) == status, (clause, out["findings"])
    assert all(f["message"] for f in out["findings"])


def test_acceptance_folder_is_not_empty():
    assert CASES, f"no acceptance cases in {CASES_DIR}"
