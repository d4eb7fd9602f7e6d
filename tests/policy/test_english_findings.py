"""The engine words findings and remedies in English on request (lang="en"); verdicts never change."""

import json
from pathlib import Path

import pytest

from factorytier import policy

CASES = sorted(Path("/work/shared/acceptance/eligibility").glob("*.json")) or sorted(
    Path(__file__).resolve().parents[2].joinpath("..", "shared", "acceptance", "eligibility").glob("*.json"))
HAN = __import__("re").compile(r"[\u4e00-\u9fff]")


def _facts(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("facts", data.get("input", data))


@pytest.mark.parametrize("path", CASES[:12], ids=lambda p: p.stem)
def test_english_findings_have_the_same_verdicts_and_no_chinese_words(path):
    catalogue = policy.catalogue_by_name("shanghai-2025")
    try:
        zh = policy.check_ladder(_facts(path), catalogue)
    except policy.FactsInvalid:
        pytest.skip("invalid facts case")
    en = policy.check_ladder(_facts(path), catalogue, lang="en")
    assert zh.highest_eligible == en.highest_eligible
    for a, b in zip(zh.tiers, en.tiers, strict=True):
        assert a.eligible == b.eligible
        assert [(f.clause, f.status) for f in a.findings] == [(f.clause, f.status) for f in b.findings]
        assert a.remedy.to_dict()["blocking_clauses"] == b.remedy.to_dict()["blocking_clauses"] if a.remedy else True
        for f in b.findings:
            if f.clause.startswith(("R.", "N.")):
                # industry names in a branch's registration finding are data; nothing else stays Chinese
                assert not HAN.search(f.message) or "branch" in f.message, (f.clause, f.message)


def test_the_catalogue_carries_english_beside_the_chinese():
    catalogue = policy.catalogue_by_name("shanghai-2025")
    clause = catalogue.clauses["R.B5"]
    assert clause.summary_in("zh").startswith("智能制造能力成熟度") and clause.summary_in("en").startswith("Smart manufacturing maturity")
    assert catalogue.tier("excellent").name_in("en") == "Excellent" and catalogue.tier("excellent").name_in("zh") == "卓越级"
    # A clause without English falls back to its Chinese text
    assert catalogue.clauses["N.OT.1"].text_in("en") == catalogue.clauses["N.OT.1"].text


def test_an_unknown_language_gives_chinese():
    catalogue = policy.catalogue_by_name("shanghai-2025")
    facts = _facts(CASES[0])
    assert [f.message for t in policy.check_ladder(facts, catalogue, lang="fr").tiers for f in t.findings] == \
        [f.message for t in policy.check_ladder(facts, catalogue).tiers for f in t.findings]
