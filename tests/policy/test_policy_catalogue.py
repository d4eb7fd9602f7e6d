"""Catalogues are data: loading, contents, validation errors, and a second (fictional) campaign."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from policy_support import JIANGSU, ideal_facts

import factorytier.policy as policy
from factorytier.policy import CatalogueError, check_ladder, check_tier, load_catalogue

POLICY_DIR = Path(policy.__file__).parent
CST = timezone(timedelta(hours=8))


def test_default_catalogue_is_shanghai_2025_and_cached(shanghai):
    assert policy.default_catalogue() is shanghai
    assert shanghai.id == "shanghai-2025"
    assert shanghai.edition == "2025"
    assert shanghai.region == "上海市"
    assert [(t.id, t.name, t.order) for t in shanghai.tiers] == [
        ("basic", "基础级", 1), ("advanced", "先进级", 2), ("excellent", "卓越级", 3), ("leading", "领航级", 4)]
    assert load_catalogue("shanghai-2025").id == "shanghai-2025"
    assert load_catalogue(POLICY_DIR / "catalogues" / "shanghai-2025.yaml").id == "shanghai-2025"


def test_guide_segments_scenarios_kpis(shanghai):
    assert shanghai.guide_links == ("工厂建设", "产品研发", "工艺设计", "生产管理", "生产作业", "运营管理", "产品服务", "供应链管理")
    assert sum(len(v) for v in shanghai.scenarios_by_link.values()) == 40
    assert [len(shanghai.scenarios_by_link[link]) for link in shanghai.guide_links] == [3, 2, 2, 12, 10, 4, 3, 4]
    assert "人机协同作业" in shanghai.scenarios_by_link["生产作业"]
    assert {s.confidence for s in shanghai.guide_scenarios} == {"official", "draft", "secondhand"}
    assert [s.id for s in shanghai.segments] == ["factory", "design", "production", "management", "operations"]
    assert shanghai.segment_of_link()["供应链管理"] == "operations"
    assert shanghai.segment_of_link()["工艺设计"] == "design"
    assert len(shanghai.kpis) == 21
    assert shanghai.kpis[3].name == "应用人工智能技术场景比例" and shanghai.kpis[3].unit == "%"
    assert all(k.direction == "up" for k in shanghai.kpis)


def test_clauses_materials_tables(shanghai):
    c = shanghai.clauses["R.EX.E1"]
    assert c.kind == "hard" and "20%" in c.text and c.params["min_ai_scenario_ratio"] == "0.20"
    assert shanghai.clauses["R.BA.C3"].segment == "production"
    assert shanghai.clauses["N.EX.3"].kind == "declared"
    assert [s.clause for s in shanghai.materials["excellent"].sections] == ["M.EX.1", "M.EX.2", "M.EX.3", "M.EX.4"]
    assert [s.title for s in shanghai.materials["leading"].sections][3] == "领航级智能工厂培育方案"
    assert shanghai.summary_tables["leading"].columns[4] == "重点探索的未来制造模式清单"
    assert shanghai.summary_tables["excellent"].clause == "T.EX"
    with pytest.raises(TypeError):
        shanghai.clauses["X"] = c  # read-only


def test_campaign(shanghai):
    camp = shanghai.campaign
    assert camp.region == "上海市"
    assert camp.tiers_open == ("excellent", "leading")
    assert camp.branch_allowed_industries == ("石油石化", "有色金属")
    assert camp.quotas["excellent"].per_recommender == 6
    assert camp.quotas["leading"].per_recommender == 1
    assert camp.quota_exempt == {"excellent": "pilot_demo_locally_accepted"}
    for tier in ("excellent", "leading"):
        for kind in ("application", "recommendation"):
            assert camp.is_open(tier, kind, datetime(2025, 7, 11, 23, 59, 59, tzinfo=CST))
            assert not camp.is_open(tier, kind, datetime(2025, 7, 12, 0, 0, 0, tzinfo=CST))
            # the same instant seen from UTC
            assert not camp.is_open(tier, kind, datetime(2025, 7, 11, 16, 0, 0, tzinfo=UTC))
    assert not camp.is_open("basic", "application", datetime(2025, 7, 1, tzinfo=CST))
    assert camp.deadline("excellent").closes_at.utcoffset() == timedelta(hours=8)


def test_recommenders(shanghai):
    districts = [r for r in shanghai.recommenders if r.kind == "district"]
    assert len(districts) == 16 and len({r.district for r in districts}) == 16
    assert any(r.name == "浦东新区科技和经济委员会" and r.district == "浦东新区" for r in districts)
    assert len([r for r in shanghai.recommenders if r.kind == "committee"]) == 3
    soe = [r for r in shanghai.recommenders if r.kind == "central_soe"]
    assert len(soe) == 1 and soe[0].tiers == ("excellent",)


def test_tier_rules_come_from_data(shanghai):
    ids = {t.id: [r.clause.id for r in shanghai.tier_rules(t.id)] for t in shanghai.tiers}
    assert ids["excellent"] == ["R.B1", "R.B2", "R.B3", "R.B4", "R.B5", "N.EX.1", "N.EX.2", "R.EX.C", "R.EX.E1",
                                "R.EX.E2", "R.EX.E3", "R.EX.E4", "N.EX.3"]
    assert ids["leading"] == ["R.B1", "R.B2", "R.B3", "R.B4", "R.B5", "N.LD.1", "N.LD.2", "N.LD.3", "R.LD.C",
                              "R.LD.E1", "R.LD.E2", "R.LD.E3", "R.LD.E4", "N.LD.4"]
    levels = {t.id: next(r.params["min_cmmm_level"] for r in shanghai.tier_rules(t.id) if r.check == "maturity")
              for t in shanghai.tiers}
    assert levels == {"basic": 2, "advanced": 2, "excellent": 3, "leading": 4}
    ex = {r.clause.id: r for r in shanghai.tier_rules("excellent")}
    assert ex["R.EX.E1"].params["min_ai_scenario_ratio"] == Fraction(1, 5)
    assert ex["R.EX.C"].blocking_status == "warn"
    assert ex["N.EX.2"].params["prerequisite_rating"] == "advanced"
    ld = {r.clause.id: r for r in shanghai.tier_rules("leading")}
    assert ld["R.LD.C"].blocking_status == "fail"
    assert ld["R.LD.E1"].params["min_ai_scenario_ratio"] == Fraction(3, 5)


def test_engine_code_names_no_clause_ids():
    """Which clause does what is data: no string in the engine's code (docstrings aside) is a clause id."""
    clause_id = re.compile(r"\b[RNMTJ]\.(?:[A-Z]{1,2}\.)?[A-Z]*\d*\b")
    for path in POLICY_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
        }
        found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                 and id(n) not in docstrings and clause_id.search(n.value)]
        assert not found, (path.name, found)


def test_national_layer_alone_has_no_campaign():
    national = load_catalogue("national-2025")
    assert national.campaign is None and national.region is None
    assert [r.clause.id for r in national.tier_rules("excellent")][5:] == ["R.EX.C", "R.EX.E1", "R.EX.E2", "R.EX.E3", "R.EX.E4"]


# --- a second campaign is a new file, not new code -------------------------------------------------

def test_second_catalogue_loads(jiangsu):
    assert jiangsu.id == "jiangsu-2026-test" and jiangsu.edition == "2026"
    assert jiangsu.region == "江苏省"
    assert jiangsu.campaign.quotas["excellent"].per_recommender == 4
    assert jiangsu.campaign.branch_allowed_industries == ("石油石化", "有色金属", "钢铁")
    assert jiangsu.campaign.is_open("excellent", "application", datetime(2026, 6, 30, 23, 59, 59, tzinfo=CST))
    assert not jiangsu.campaign.is_open("excellent", "application", datetime(2026, 7, 1, tzinfo=CST))
    # national parts are inherited
    assert len(jiangsu.kpis) == 21 and len(jiangsu.guide_scenarios) == 40
    assert "N.EX.1" not in jiangsu.clauses


def test_second_catalogue_applies_its_own_rules(jiangsu, shanghai):
    facts = ideal_facts(jiangsu, "excellent")
    assert facts["enterprise"]["province"] == "江苏省"
    result = check_tier(facts, "excellent", jiangsu)
    assert result.eligible, result.findings
    assert [f.clause for f in result.findings][5:7] == ["J.EX.1", "J.EX.2"]
    # attestations are checked against the catalogue in use; the factory is not registered in Shanghai
    with pytest.raises(policy.FactsInvalid) as invalid:
        check_tier(facts, "excellent", shanghai)
    assert [(e.path, e.message) for e in invalid.value.errors] == [("attestations.J.EX.3", "未知的条款编号")]
    del facts["attestations"]["J.EX.3"]
    facts["attestations"].update({"R.EX.E3": True, "R.EX.E4": True, "N.EX.3": True})
    sh = check_tier(facts, "excellent", shanghai)
    assert {f.clause: f.status for f in sh.findings}["N.EX.1"] == "fail"
    facts["attestations"]["J.EX.3"] = True
    del facts["attestations"]["N.EX.3"]
    # 1 AI scenario in 4 is 25 %: passes in Jiangsu (25 %); 1 in 5 = 20 % does not
    facts["scenarios"] = [dict(s, uses_ai=i == 0) for i, s in enumerate(facts["scenarios"][:4])]
    facts["scenarios"].append(dict(facts["scenarios"][0], guide_link="供应链管理", uses_ai=False))
    facts["scenarios"].pop(3)
    facts["scenarios"].append({"guide_link": "生产管理", "scenario": "车间智能排产", "instance": "排产", "uses_ai": False})
    r = check_tier(facts, "excellent", jiangsu)
    ai = {f.clause: f for f in r.findings}["R.EX.E1"]
    assert ai.status == "fail" and "25%" in ai.message and "（1/5）" in ai.message
    assert r.remedy.ai_scenarios_needed == 1  # (1+1)/(5+1) = 33 % >= 25 %, 1/5 < 25 %
    # branch of a steel company may apply in Jiangsu, not in Shanghai
    facts = ideal_facts(jiangsu, "excellent")
    facts["enterprise"].update(legal_entity="branch", industry="钢铁")
    assert {f.clause: f.status for f in check_tier(facts, "excellent", jiangsu).findings}["J.EX.1"] == "pass"


def test_second_catalogue_soft_rule_and_cli(jiangsu, tmp_path):
    facts = ideal_facts(jiangsu, "advanced")
    facts["scenarios"] = [s for s in facts["scenarios"] if s["guide_link"] != "工厂建设"]
    result = check_ladder(facts, jiangsu).tier("advanced")
    statuses = {f.clause: f.status for f in result.findings}
    assert statuses["J.AD.1"] == "warn" and result.eligible

    import json

    from factorytier.policy.cli import main

    path = tmp_path / "f.json"
    path.write_text(json.dumps(ideal_facts(jiangsu, "excellent"), ensure_ascii=False), encoding="utf-8")
    assert main(["--tier", "excellent", "--catalogue", str(JIANGSU), str(path)]) == 0
    # with Shanghai's catalogue, J.EX.3 is no clause at all
    assert main(["--tier", "excellent", str(path)]) == 2


# --- validation of catalogue files -----------------------------------------------------------------

def _write(tmp_path: Path, name: str, data: dict) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _campaign_layer(**changes) -> dict:
    data = yaml.safe_load(JIANGSU.read_text(encoding="utf-8"))
    data.update(changes)
    return data


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["tiers"]["excellent"]["rules"][3].update(clause="N.EX.9"),
     "tiers.excellent.rules[3].clause: unknown clause id 'N.EX.9'"),
    (lambda d: d["tiers"]["excellent"]["rules"][0].update(check="telepathy"),
     "tiers.excellent.rules[0].check: unknown check 'telepathy'"),
    (lambda d: d["tiers"]["advanced"]["rules"][1].update(params={"required_segments": ["marketing"]}),
     "tiers.advanced.rules[1].params.required_segments[0]: unknown segment 'marketing'"),
    (lambda d: d["tiers"]["excellent"]["rules"][4].update(check="maturity"),
     "tiers.excellent.rules[4].check: clause 'R.EX.E2' is declared"),
    (lambda d: d["tiers"]["excellent"]["rules"][1].update(check="attested"),
     "tiers.excellent.rules[1].check: clause 'J.EX.2' is hard, only declared clauses are attested"),
    (lambda d: d["tiers"]["excellent"]["rules"][3].update(params={"min_ai_scenario_ratio": 1.5}),
     "tiers.excellent.rules[3].params.min_ai_scenario_ratio: expected a ratio between 0 and 1"),
    (lambda d: d["clauses"]["J.EX.2"]["params"].update(prerequisite_rating="leading"),
     "clauses.J.EX.2.params.prerequisite_rating: prerequisite 'leading' is not below tier 'excellent'"),
    (lambda d: d["clauses"].update({"R.B1": {"kind": "declared", "text": "x"}}),
     "clauses.R.B1: clause id already defined in national-2025.yaml"),
    (lambda d: d["clauses"]["J.EX.3"].update(kind="whatever"), "clauses.J.EX.3.kind: unknown kind 'whatever'"),
    (lambda d: d["campaign"]["deadlines"][0].update(closes_at="2026-07-01T00:00:00"),
     "campaign.deadlines[0].closes_at: an instant needs a UTC offset"),
    (lambda d: d["campaign"]["deadlines"][0].update(tier="platinum"), "campaign.deadlines[0].tier: unknown tier 'platinum'"),
    (lambda d: d["campaign"]["quotas"][0].update(per_recommender="six"),
     "campaign.quotas[0].per_recommender: expected an integer"),
    (lambda d: d["campaign"].pop("region"), "campaign.region: required key is missing"),
    (lambda d: d["recommenders"][0].update(kind="ministry"), "recommenders[0].kind: unknown kind 'ministry'"),
    (lambda d: d.update(tiers_typo={}), "tiers_typo: unknown top-level key"),
    (lambda d: d.update(schema=2), "schema: unsupported schema 2"),
    (lambda d: d["tiers"].update(platinum={"rules": []}), "tiers.platinum.name: required key is missing"),
    (lambda d: d["tiers"]["excellent"]["rules"].append({"clause": "R.EX.E2", "check": "attested"}),
     "tiers.excellent.rules[6].clause: clause 'R.EX.E2' is already a rule of tier 'excellent'"),
])
def test_invalid_catalogue_names_file_and_key(tmp_path, mutate, expected):
    data = _campaign_layer()
    mutate(data)
    path = _write(tmp_path, "broken-2026.yaml", data)
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert str(err.value).startswith("broken-2026.yaml: " if not expected.startswith("clauses.R.B1") else "broken-2026.yaml")
    assert expected in str(err.value)


def test_unknown_guide_link_in_segments(tmp_path):
    national = yaml.safe_load((POLICY_DIR / "catalogues" / "national-2025.yaml").read_text(encoding="utf-8"))
    national["segments"][1]["guide_links"].append("市场营销")
    path = _write(tmp_path, "national-x.yaml", national)
    with pytest.raises(CatalogueError, match=r"national-x.yaml: segments\[1\].guide_links\[2\]: unknown 环节 '市场营销'"):
        load_catalogue(path)


def test_missing_or_malformed_catalogue_file(tmp_path):
    with pytest.raises(CatalogueError, match="not found"):
        load_catalogue(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: 1\ntiers: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="bad.yaml: not valid YAML"):
        load_catalogue(bad)
    (tmp_path / "list.yaml").write_text("- 1\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="list.yaml: a catalogue file must be a YAML mapping"):
        load_catalogue(tmp_path / "list.yaml")
    loop = _write(tmp_path, "loop.yaml", {"schema": 1, "extends": "loop.yaml"})
    with pytest.raises(CatalogueError, match="circular"):
        load_catalogue(loop)


def test_cli_reports_catalogue_error(tmp_path, capsys):
    from factorytier.policy.cli import main

    data = _campaign_layer()
    data["tiers"]["excellent"]["rules"][3]["clause"] = "N.EX.9"
    path = _write(tmp_path, "broken.yaml", data)
    facts = tmp_path / "f.json"
    facts.write_text("{}", encoding="utf-8")
    assert main(["--ladder", "--catalogue", str(path), str(facts)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "broken.yaml: tiers.excellent.rules[3].clause: unknown clause id 'N.EX.9'" in captured.err
