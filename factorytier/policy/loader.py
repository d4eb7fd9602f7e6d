"""Reads catalogue files (YAML), merges a campaign layer over the layer it extends, validates.

Every problem raises CatalogueError naming the file and the key path, e.g.
`shanghai-2025.yaml: tiers.excellent.rules[3].clause: unknown clause id 'N.EX.9'`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from .errors import CatalogueError
from .model import (
    CHECKS,
    CLAUSE_KINDS,
    DEADLINE_KINDS,
    RECOMMENDER_KINDS,
    Campaign,
    Catalogue,
    Clause,
    Deadline,
    GuideScenario,
    Kpi,
    MaterialSection,
    MaterialsList,
    Quota,
    Recommender,
    Segment,
    SummaryTable,
    Tier,
    TierRule,
    ratio_param,
)

PACKAGE_DIR = Path(__file__).with_name("catalogues")
DEFAULT_NAME = "shanghai-2025"
SCHEMA = 1
TOP_KEYS = {
    "schema", "id", "extends", "edition", "timezone", "title", "tiers", "common_rules", "segments",
    "guide", "clauses", "materials", "summary_tables", "kpis", "campaign", "recommenders",
    *("workflows", "review"),
}
# Sections kept raw (file name, value) for the modules that read them (policy.workflows, policy.review).
RAW_SECTIONS = ("workflows", "review")
# Parameters a check reads, with their validators; a rule fails to load when one is missing.
CHECK_PARAMS = {
    "attested": (),
    "maturity": ("min_cmmm_level",),
    "segments": ("required_segments",),
    "ai_ratio": ("min_ai_scenario_ratio",),
    "registration": (),
    "prerequisite": ("prerequisite_rating",),
}


class _File:
    """The file a piece of the catalogue came from, to name it in errors."""

    def __init__(self, path: Path):
        self.path = path
        self.name = path.name

    def fail(self, key: str, message: str) -> CatalogueError:
        return CatalogueError(f"{self.name}: {key}: {message}" if key else f"{self.name}: {message}")

    def need(self, obj: Mapping, key: str, where: str, types: type | tuple[type, ...], *, optional: bool = False):
        path = f"{where}.{key}" if where else key
        if key not in obj or obj[key] is None:
            if optional:
                return None
            raise self.fail(path, "required key is missing")
        value = obj[key]
        if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
            raise self.fail(path, f"expected {_type_names(types)}, got a boolean")
        if not isinstance(value, types):
            raise self.fail(path, f"expected {_type_names(types)}, got {type(value).__name__}")
        return value

    def mapping(self, value: Any, path: str) -> Mapping:
        if not isinstance(value, Mapping):
            raise self.fail(path, f"expected a mapping, got {type(value).__name__}")
        return value

    def sequence(self, value: Any, path: str) -> list:
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list, got {type(value).__name__}")
        return value


def _type_names(types) -> str:
    types = types if isinstance(types, tuple) else (types,)
    names = {str: "a string", int: "an integer", list: "a list", dict: "a mapping", float: "a number", bool: "a boolean"}
    return " or ".join(names.get(t, t.__name__) for t in types)


def _resolve(ref: str | Path, relative_to: Path | None = None) -> Path:
    """A catalogue file by path, or by name next to `relative_to`, or among the package's catalogues."""
    p = Path(ref)
    if p.suffix in (".yaml", ".yml") or p.is_file():
        # a file named by another catalogue is relative to that catalogue, not to the working directory
        if relative_to is not None and not p.is_absolute():
            return relative_to / p
        return p
    for folder in ([relative_to] if relative_to else []) + [PACKAGE_DIR]:
        candidate = folder / f"{ref}.yaml"
        if candidate.is_file():
            return candidate
    return PACKAGE_DIR / f"{ref}.yaml"


def _read(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueError(f"{path.name}: catalogue file not found ({path})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path.name}: cannot read catalogue file: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path.name}: not valid YAML: {exc}") from None
    f = _File(path)
    if not isinstance(data, dict):
        raise f.fail("", "a catalogue file must be a YAML mapping")
    unknown = sorted(set(map(str, data)) - TOP_KEYS)
    if unknown:
        raise f.fail(unknown[0], "unknown top-level key")
    if data.get("schema") != SCHEMA:
        raise f.fail("schema", f"unsupported schema {data.get('schema')!r} (this engine reads schema {SCHEMA})")
    return data


def _layers(path: Path, seen: tuple[Path, ...] = ()) -> list[tuple[_File, dict]]:
    """The chain of files from the base layer up to `path`."""
    path = path.resolve()
    if path in seen:
        raise CatalogueError(f"{path.name}: extends: circular 'extends' chain")
    data = _read(path)
    f = _File(path)
    base = data.get("extends")
    if base is None:
        return [(f, data)]
    if not isinstance(base, str):
        raise f.fail("extends", "expected the name or file of the catalogue this one extends")
    return _layers(_resolve(base, path.parent), (*seen, path)) + [(f, data)]


class _Builder:
    """Merges layers (later ones win) while remembering which file each piece came from."""

    def __init__(self):
        self.scalars: dict[str, tuple[_File, Any]] = {}
        self.tiers: dict[str, dict[str, Any]] = {}  # id -> {name, order, rules, file}
        self.common_rules: tuple[_File, list] | None = None
        self.clauses: dict[str, tuple[_File, str, Mapping]] = {}
        self.sections: dict[str, tuple[_File, Any]] = {}  # segments, guide, kpis, campaign, recommenders
        self.materials: dict[str, tuple[_File, Mapping]] = {}
        self.summary_tables: dict[str, tuple[_File, Mapping]] = {}

    def add(self, f: _File, data: dict) -> None:
        for key in ("id", "edition", "timezone", "title"):
            if key in data:
                self.scalars[key] = (f, data[key])
        if "tiers" in data:
            self._add_tiers(f, f.mapping(data["tiers"], "tiers"))
        if "common_rules" in data:
            self.common_rules = (f, f.sequence(data["common_rules"], "common_rules"))
        if "clauses" in data:
            for cid, body in f.mapping(data["clauses"], "clauses").items():
                if not isinstance(cid, str):
                    raise f.fail(f"clauses.{cid}", "clause ids must be strings")
                if cid in self.clauses:
                    raise f.fail(f"clauses.{cid}", f"clause id already defined in {self.clauses[cid][0].name}")
                self.clauses[cid] = (f, f"clauses.{cid}", f.mapping(body, f"clauses.{cid}"))
        for key in ("segments", "guide", "kpis", "campaign", "recommenders", *RAW_SECTIONS):
            if key in data:
                self.sections[key] = (f, data[key])
        for key, target in (("materials", self.materials), ("summary_tables", self.summary_tables)):
            if key in data:
                for tier, body in f.mapping(data[key], key).items():
                    target[str(tier)] = (f, f.mapping(body, f"{key}.{tier}"))

    def _add_tiers(self, f: _File, tiers: Mapping) -> None:
        for tid, body in tiers.items():
            where = f"tiers.{tid}"
            body = f.mapping(body, where)
            entry = self.tiers.setdefault(str(tid), {"id": str(tid)})
            if "name" in body or "name" not in entry:
                entry["name"] = f.need(body, "name", where, str)
            if "order" in body or "order" not in entry:
                entry["order"] = f.need(body, "order", where, int)
            if "name_en" in body or "name_en" not in entry:
                entry["name_en"] = f.need(body, "name_en", where, str, optional=True) or ""
            if "rules" in body or "rules" not in entry:
                entry["rules"] = (f, f.sequence(f.need(body, "rules", where, list), f"{where}.rules"))


def _str_list(f: _File, value: Any, path: str) -> tuple[str, ...]:
    items = f.sequence(value, path)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise f.fail(f"{path}[{i}]", "expected a string")
    return tuple(items)


def _build(layers: list[tuple[_File, dict]]) -> Catalogue:
    b = _Builder()
    for f, data in layers:
        b.add(f, data)
    top = layers[-1][0]

    def scalar(key: str, default: Any = None) -> Any:
        if key not in b.scalars:
            if default is None:
                raise top.fail(key, "required key is missing")
            return default
        f, value = b.scalars[key]
        if not isinstance(value, str):
            raise f.fail(key, "expected a string")
        return value

    # --- tiers
    if not b.tiers:
        raise top.fail("tiers", "required key is missing")
    tiers = tuple(sorted((Tier(t["id"], t["name"], t["order"], t.get("name_en", "")) for t in b.tiers.values()), key=lambda t: t.order))
    if len({t.order for t in tiers}) != len(tiers):
        raise top.fail("tiers", "two tiers have the same order")
    tier_order = {t.id: t.order for t in tiers}

    # --- segments and the guide
    if "segments" not in b.sections:
        raise top.fail("segments", "required key is missing")
    if "guide" not in b.sections:
        raise top.fail("guide", "required key is missing")
    gf, guide = b.sections["guide"]
    guide = gf.mapping(guide, "guide")
    guide_title = gf.need(guide, "title", "guide", str)
    links: list[str] = []
    links_en: dict[str, str] = {}
    scenarios: list[GuideScenario] = []
    by_link: dict[str, tuple[str, ...]] = {}
    for i, link in enumerate(gf.sequence(gf.need(guide, "links", "guide", list), "guide.links")):
        where = f"guide.links[{i}]"
        link = gf.mapping(link, where)
        name = gf.need(link, "name", where, str)
        if name in by_link:
            raise gf.fail(f"{where}.name", f"duplicate 环节 '{name}'")
        links.append(name)
        links_en[name] = gf.need(link, "name_en", where, str, optional=True) or ""
        names = []
        for j, sc in enumerate(gf.sequence(gf.need(link, "scenarios", where, list), f"{where}.scenarios")):
            sw = f"{where}.scenarios[{j}]"
            sc = gf.mapping(sc, sw)
            scenarios.append(GuideScenario(
                no=gf.need(sc, "no", sw, int), name=gf.need(sc, "name", sw, str), link=name,
                description=gf.need(sc, "description", sw, str, optional=True),
                confidence=gf.need(sc, "confidence", sw, str, optional=True) or "",
                name_en=gf.need(sc, "name_en", sw, str, optional=True) or "",
            ))
            names.append(scenarios[-1].name)
        by_link[name] = tuple(names)

    sf, seg_data = b.sections["segments"]
    segments: list[Segment] = []
    link_segment: dict[str, str] = {}
    for i, seg in enumerate(sf.sequence(seg_data, "segments")):
        where = f"segments[{i}]"
        seg = sf.mapping(seg, where)
        sid = sf.need(seg, "id", where, str)
        if any(s.id == sid for s in segments):
            raise sf.fail(f"{where}.id", f"duplicate segment id '{sid}'")
        glinks = _str_list(sf, sf.need(seg, "guide_links", where, list), f"{where}.guide_links")
        for j, link in enumerate(glinks):
            if link not in by_link:
                raise sf.fail(f"{where}.guide_links[{j}]", f"unknown 环节 '{link}' (not in guide.links)")
            if link in link_segment:
                raise sf.fail(f"{where}.guide_links[{j}]", f"环节 '{link}' already belongs to segment '{link_segment[link]}'")
            link_segment[link] = sid
        segments.append(Segment(sid, sf.need(seg, "name", where, str), glinks,
                                sf.need(seg, "name_en", where, str, optional=True) or ""))
    segment_ids = {s.id for s in segments}
    for link in links:
        if link not in link_segment:
            raise sf.fail("segments", f"环节 '{link}' of the guide belongs to no segment")

    # --- clauses
    clauses: dict[str, Clause] = {}
    for cid, (f, where, body) in b.clauses.items():
        kind = f.need(body, "kind", where, str)
        if kind not in CLAUSE_KINDS:
            raise f.fail(f"{where}.kind", f"unknown kind '{kind}' (one of {', '.join(CLAUSE_KINDS)})")
        segment = f.need(body, "segment", where, str, optional=True)
        if segment is not None and segment not in segment_ids:
            raise f.fail(f"{where}.segment", f"unknown segment '{segment}'")
        params = f.mapping(body.get("params") or {}, f"{where}.params")
        clauses[cid] = Clause(
            id=cid, kind=kind, text=f.need(body, "text", where, str),
            summary=f.need(body, "summary", where, str, optional=True) or "",
            params=MappingProxyType(dict(params)), segment=segment,
            text_en=f.need(body, "text_en", where, str, optional=True) or "",
            summary_en=f.need(body, "summary_en", where, str, optional=True) or "",
        )

    # --- campaign (before the rules: registration checks need one)
    campaign = _campaign(b, tier_order, clauses)

    # --- rules per tier
    if b.common_rules is None:
        common: list[tuple[_File, str, Any]] = []
    else:
        cf, items = b.common_rules
        common = [(cf, f"common_rules[{i}]", r) for i, r in enumerate(items)]
    clause_files = {cid: entry[0] for cid, entry in b.clauses.items()}
    rules: dict[str, tuple[TierRule, ...]] = {}
    for tier in tiers:
        rf, items = b.tiers[tier.id]["rules"]
        entries = common + [(rf, f"tiers.{tier.id}.rules[{i}]", r) for i, r in enumerate(items)]
        built: list[TierRule] = []
        for f, where, raw in entries:
            rule = _rule(f, where, raw, tier, tier_order, clauses, segment_ids, campaign, clause_files)
            if any(r.clause.id == rule.clause.id for r in built):
                raise f.fail(f"{where}.clause", f"clause '{rule.clause.id}' is already a rule of tier '{tier.id}'")
            built.append(rule)
        rules[tier.id] = tuple(built)

    # --- materials, summary tables, KPIs, recommenders
    materials = {}
    for tier_id, (f, body) in b.materials.items():
        where = f"materials.{tier_id}"
        _known_tier(f, f"materials.{tier_id}", tier_id, tier_order)
        sections = []
        for i, sec in enumerate(f.sequence(f.need(body, "sections", where, list), f"{where}.sections")):
            sw = f"{where}.sections[{i}]"
            sec = f.mapping(sec, sw)
            sections.append(MaterialSection(
                no=f.need(sec, "no", sw, int), clause=_known_clause(f, f"{sw}.clause", sec.get("clause"), clauses),
                title=f.need(sec, "title", sw, str), content=f.need(sec, "content", sw, str),
                key=f.need(sec, "key", sw, str, optional=True) or "",
                items=_str_list(f, sec.get("items") or [], f"{sw}.items"),
                title_en=f.need(sec, "title_en", sw, str, optional=True) or "",
                content_en=f.need(sec, "content_en", sw, str, optional=True) or "",
            ))
        materials[tier_id] = MaterialsList(
            tier=tier_id, title=f.need(body, "title", where, str), annex=f.need(body, "annex", where, str, optional=True) or "",
            sections=tuple(sections), note=f.need(body, "note", where, str, optional=True) or "",
        )
    tables = {}
    for tier_id, (f, body) in b.summary_tables.items():
        where = f"summary_tables.{tier_id}"
        _known_tier(f, where, tier_id, tier_order)

        def opt(key, _f=f, _body=body, _where=where):
            return _f.need(_body, key, _where, str, optional=True) or ""

        tables[tier_id] = SummaryTable(
            tier=tier_id, clause=_known_clause(f, f"{where}.clause", body.get("clause"), clauses),
            title=f.need(body, "title", where, str), annex=opt("annex"),
            columns=_str_list(f, f.need(body, "columns", where, list), f"{where}.columns"),
            header=opt("header"), scenario_format=opt("scenario_format"), scenario_example=opt("scenario_example"),
            future_mode_format=opt("future_mode_format"),
            future_mode_example=_str_list(f, body.get("future_mode_example") or [], f"{where}.future_mode_example"),
            notes=_str_list(f, body.get("notes") or [], f"{where}.notes"),
        )
    kpis = []
    if "kpis" in b.sections:
        kf, items = b.sections["kpis"]
        for i, k in enumerate(kf.sequence(items, "kpis")):
            where = f"kpis[{i}]"
            k = kf.mapping(k, where)
            direction = kf.need(k, "direction", where, str)
            if direction not in ("up", "down"):
                raise kf.fail(f"{where}.direction", "expected 'up' or 'down'")
            kind = kf.need(k, "kind", where, str, optional=True) or "level"
            if kind not in ("level", "change"):
                raise kf.fail(f"{where}.kind", "expected 'level' or 'change'")
            directions = _str_list(kf, k.get("directions") or [], f"{where}.directions")
            if kind == "change" and len(directions) != 2:
                raise kf.fail(f"{where}.directions", "a 'change' KPI names its two directions, e.g. [缩短, 延长]")
            directions_en = _str_list(kf, k.get("directions_en") or [], f"{where}.directions_en")
            if directions_en and len(directions_en) != len(directions):
                raise kf.fail(f"{where}.directions_en", "names as many directions as `directions`")
            kpis.append(Kpi(kf.need(k, "no", where, int), kf.need(k, "group", where, str), kf.need(k, "name", where, str),
                            str(kf.need(k, "unit", where, (str, int))), direction, kind, directions,
                            name_en=kf.need(k, "name_en", where, str, optional=True) or "",
                            group_en=kf.need(k, "group_en", where, str, optional=True) or "",
                            unit_en=str(kf.need(k, "unit_en", where, (str, int), optional=True) or ""),
                            directions_en=directions_en))
    recommenders = []
    if "recommenders" in b.sections:
        rf, items = b.sections["recommenders"]
        for i, r in enumerate(rf.sequence(items, "recommenders")):
            where = f"recommenders[{i}]"
            r = rf.mapping(r, where)
            kind = rf.need(r, "kind", where, str)
            if kind not in RECOMMENDER_KINDS:
                raise rf.fail(f"{where}.kind", f"unknown kind '{kind}' (one of {', '.join(RECOMMENDER_KINDS)})")
            rtiers = _str_list(rf, r.get("tiers") or [], f"{where}.tiers")
            for j, t in enumerate(rtiers):
                _known_tier(rf, f"{where}.tiers[{j}]", t, tier_order)
            recommenders.append(Recommender(rf.need(r, "name", where, str), kind,
                                            rf.need(r, "district", where, str, optional=True), rtiers))

    return Catalogue(
        id=scalar("id"), edition=scalar("edition"), title=scalar("title", ""), source=str(layers[-1][0].path),
        tiers=tiers, clauses=MappingProxyType(clauses), segments=tuple(segments), guide_links=tuple(links),
        guide_scenarios=tuple(scenarios), scenarios_by_link=MappingProxyType(by_link), kpis=tuple(kpis),
        materials=MappingProxyType(materials), summary_tables=MappingProxyType(tables),
        recommenders=tuple(recommenders), campaign=campaign, timezone=scalar("timezone", "Asia/Shanghai"),
        guide_title=guide_title, _rules=MappingProxyType(rules), _tier_order=MappingProxyType(tier_order),
        _link_segment=MappingProxyType(link_segment),
        guide_links_en=MappingProxyType({k: v for k, v in links_en.items() if v}),
        raw_sections=MappingProxyType({k: (f.name, v) for k, (f, v) in b.sections.items() if k in RAW_SECTIONS}),
    )


def _known_tier(f: _File, path: str, tier_id: Any, tier_order: Mapping[str, int]) -> str:
    if not isinstance(tier_id, str) or tier_id not in tier_order:
        raise f.fail(path, f"unknown tier {tier_id!r}")
    return tier_id


def _known_clause(f: _File, path: str, cid: Any, clauses: Mapping[str, Clause]) -> str:
    if cid is None:
        raise f.fail(path, "required key is missing")
    if not isinstance(cid, str) or cid not in clauses:
        raise f.fail(path, f"unknown clause id {cid!r}")
    return cid


def _for_tier(value: Any, tier_id: str, tier_order: Mapping[str, int]) -> Any:
    """A parameter may be given per tier ({basic: 2, excellent: 3}); pick this tier's value."""
    if isinstance(value, Mapping) and value and all(k in tier_order for k in value):
        return value.get(tier_id)
    return value


def _rule(f: _File, where: str, raw: Any, tier: Tier, tier_order: Mapping[str, int],
          clauses: Mapping[str, Clause], segment_ids: set[str], campaign: Campaign | None,
          clause_files: Mapping[str, _File]) -> TierRule:
    raw = f.mapping(raw, where)
    unknown = sorted(set(map(str, raw)) - {"clause", "check", "params"})
    if unknown:
        raise f.fail(f"{where}.{unknown[0]}", "unknown key in a rule")
    cid = _known_clause(f, f"{where}.clause", raw.get("clause"), clauses)
    clause = clauses[cid]
    check = f.need(raw, "check", where, str)
    if check not in CHECKS:
        raise f.fail(f"{where}.check", f"unknown check '{check}' (one of {', '.join(CHECKS)})")
    if check == "attested" and clause.kind != "declared":
        raise f.fail(f"{where}.check", f"clause '{cid}' is {clause.kind}, only declared clauses are attested")
    if check != "attested" and clause.kind not in ("hard", "soft"):
        raise f.fail(f"{where}.check", f"clause '{cid}' is {clause.kind}, a '{check}' check needs a hard or soft clause")
    merged = {**clause.params, **f.mapping(raw.get("params") or {}, f"{where}.params")}
    params: dict[str, Any] = {}
    for name in CHECK_PARAMS[check]:
        # name the file and key the value came from: the rule's own params, or the clause's
        if name in (raw.get("params") or {}):
            pf, ppath = f, f"{where}.params.{name}"
        else:
            pf, ppath = clause_files[cid], f"clauses.{cid}.params.{name}"
        value = _for_tier(merged.get(name), tier.id, tier_order)
        if value is None:
            raise pf.fail(ppath, f"required by check '{check}' for tier '{tier.id}' (rule {where})")
        params[name] = _param(pf, ppath, name, value, tier, tier_order, segment_ids)
    if check == "registration" and campaign is None:
        raise f.fail(f"{where}.check", "a registration check needs a campaign (region, branch_allowed_industries)")
    return TierRule(clause=clause, check=check, params=MappingProxyType(params))


def _param(f: _File, path: str, name: str, value: Any, tier: Tier, tier_order: Mapping[str, int],
           segment_ids: set[str]) -> Any:
    if name == "min_cmmm_level":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
            raise f.fail(path, f"expected a maturity level 0..5, got {value!r}")
        return value
    if name == "required_segments":
        segs = _str_list(f, value, path)
        if not segs:
            raise f.fail(path, "expected at least one segment")
        for i, s in enumerate(segs):
            if s not in segment_ids:
                raise f.fail(f"{path}[{i}]", f"unknown segment '{s}'")
        return segs
    if name == "min_ai_scenario_ratio":
        try:
            ratio = ratio_param(value)
        except (ValueError, TypeError, ZeroDivisionError):
            raise f.fail(path, f"expected a ratio between 0 and 1, got {value!r}") from None
        if not 0 <= ratio <= 1:
            raise f.fail(path, f"expected a ratio between 0 and 1, got {value!r}")
        return ratio
    if name == "prerequisite_rating":
        _known_tier(f, path, value, tier_order)
        if tier_order[value] >= tier.order:
            raise f.fail(path, f"prerequisite '{value}' is not below tier '{tier.id}'")
        return value
    return value  # pragma: no cover - CHECK_PARAMS lists only the names above


def _instant(f: _File, path: str, value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise f.fail(path, f"not an ISO 8601 instant: {value!r}") from None
    else:
        raise f.fail(path, "expected an ISO 8601 instant with a UTC offset, as a quoted string")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise f.fail(path, "an instant needs a UTC offset, e.g. 2025-07-12T00:00:00+08:00")
    return moment


def _campaign(b: _Builder, tier_order: Mapping[str, int], clauses: Mapping[str, Clause]) -> Campaign | None:
    if "campaign" not in b.sections:
        return None
    f, c = b.sections["campaign"]
    c = f.mapping(c, "campaign")
    tiers_open = _str_list(f, f.need(c, "tiers_open", "campaign", list), "campaign.tiers_open")
    for i, t in enumerate(tiers_open):
        _known_tier(f, f"campaign.tiers_open[{i}]", t, tier_order)
    deadlines = []
    for i, d in enumerate(f.sequence(c.get("deadlines") or [], "campaign.deadlines")):
        where = f"campaign.deadlines[{i}]"
        d = f.mapping(d, where)
        kind = f.need(d, "kind", where, str)
        if kind not in DEADLINE_KINDS:
            raise f.fail(f"{where}.kind", f"unknown deadline kind '{kind}' (one of {', '.join(DEADLINE_KINDS)})")
        clause = d.get("clause")
        deadlines.append(Deadline(
            tier=_known_tier(f, f"{where}.tier", d.get("tier"), tier_order), kind=kind,
            closes_at=_instant(f, f"{where}.closes_at", d.get("closes_at")),
            clause=None if clause is None else _known_clause(f, f"{where}.clause", clause, clauses),
        ))
    quotas = {}
    for i, q in enumerate(f.sequence(c.get("quotas") or [], "campaign.quotas")):
        where = f"campaign.quotas[{i}]"
        q = f.mapping(q, where)
        tier = _known_tier(f, f"{where}.tier", q.get("tier"), tier_order)
        per = f.need(q, "per_recommender", where, int)
        if per < 0:
            raise f.fail(f"{where}.per_recommender", "expected a number >= 0")
        applies = _str_list(f, q.get("applies_to") or list(RECOMMENDER_KINDS), f"{where}.applies_to")
        for j, k in enumerate(applies):
            if k not in RECOMMENDER_KINDS:
                raise f.fail(f"{where}.applies_to[{j}]", f"unknown recommender kind '{k}'")
        exempt = f.need(q, "exempt_if", where, str, optional=True)
        if exempt is not None and exempt != "pilot_demo_locally_accepted":
            raise f.fail(f"{where}.exempt_if", f"unknown enterprise fact '{exempt}'")
        clause = q.get("clause")
        quotas[tier] = Quota(tier, per, applies, None if clause is None else _known_clause(f, f"{where}.clause", clause, clauses), exempt)
    groups: dict[str, tuple[tuple[str, str], ...]] = {}
    for group, divisions in f.mapping(c.get("industry_groups") or {}, "campaign.industry_groups").items():
        where = f"campaign.industry_groups.{group}"
        if not isinstance(group, str) or not group.strip():
            raise f.fail(where, "an industry group is named by a non-empty string")
        entries = []
        for i, d in enumerate(f.sequence(divisions, where)):
            dw = f"{where}[{i}]"
            d = f.mapping(d, dw)
            code, name = f.need(d, "code", dw, str), f.need(d, "name", dw, str)
            if not (len(code) == 2 and code.isdigit()):
                raise f.fail(f"{dw}.code", f"expected a two-digit GB/T 4754 division code, got {code!r}")
            entries.append((code, name.strip()))
        groups[group.strip()] = tuple(entries)
    return Campaign(
        id=f.need(c, "id", "campaign", str), region=f.need(c, "region", "campaign", str), tiers_open=tiers_open,
        branch_allowed_industries=_str_list(f, c.get("branch_allowed_industries") or [], "campaign.branch_allowed_industries"),
        deadlines=tuple(deadlines), quotas=MappingProxyType(quotas),
        notice=f.need(c, "notice", "campaign", str, optional=True) or "",
        issuer=f.need(c, "issuer", "campaign", str, optional=True) or "",
        industry_groups=MappingProxyType(groups),
        region_code=_region_code(f, c.get("region_code")),
    )


def _region_code(f: _File, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or not value.isdigit() or not 2 <= len(value) <= 6:
        raise f.fail("campaign.region_code", f"expected the GB/T 2260 code of the region (2-6 digits, e.g. \"31\"), got {value!r}")
    return value


def load_catalogue(path_or_name: str | Path) -> Catalogue:
    """A catalogue by file path, or by name among the package's catalogues ("shanghai-2025")."""
    if isinstance(path_or_name, Catalogue):
        return path_or_name
    return _build(_layers(_resolve(path_or_name)))


@functools.lru_cache(maxsize=16)
def catalogue_by_name(name: str) -> Catalogue:
    """A packaged catalogue by its name ("shanghai-2025"), loaded once per process.

    A campaign is pinned to the catalogue it was created with; this is how its rules are read."""
    return load_catalogue(name)


@functools.cache
def default_catalogue() -> Catalogue:
    """The Shanghai 2025 campaign, loaded once per process (the same object a campaign pinned to it reads)."""
    return catalogue_by_name(DEFAULT_NAME)


def campaign_catalogue_names() -> list[tuple[str, str]]:
    """(name, title) of every packaged catalogue that defines a campaign: what a new campaign may be
    pinned to. A file that does not load is left out (the loader's tests name its fault)."""
    out = []
    for path in sorted(PACKAGE_DIR.glob("*.yaml")):
        try:
            catalogue = catalogue_by_name(path.stem)
        except CatalogueError:
            continue
        if catalogue.campaign is not None:
            out.append((path.stem, catalogue.title))
    return out
