"""Each tier's path after recommendation, as data: the catalogue's `workflows:` section compiled into a
state machine keyed on stable state ids (a tier's states, its start, and the moves between them).

Pure Python. `workflow(catalogue, tier)` returns the compiled path; `review_settings(catalogue, tier)`
the expert-review settings (experts per application, cap per expert, scoring criteria). Every problem
in the section raises CatalogueError naming the file and key, like the loader does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import CatalogueError

ACTORS = ("commission", "enterprise")


@dataclass(frozen=True, slots=True)
class PathMove:
    source: str
    target: str
    by: str  # commission | enterprise
    label: str
    decision: bool = False  # recorded as a decision and released through the outbox
    needs_reason: bool = False
    clause: str = ""


@dataclass(frozen=True, slots=True)
class Workflow:
    tier: str
    clause: str
    start: str
    states: Mapping[str, str]  # state id -> label
    moves: tuple[PathMove, ...]

    def move(self, source: str, target: str) -> PathMove | None:
        for m in self.moves:
            if m.source == source and m.target == target:
                return m
        return None

    def moves_from(self, source: str) -> tuple[PathMove, ...]:
        return tuple(m for m in self.moves if m.source == source)

    def has_state(self, state: str) -> bool:
        return state in self.states

    @property
    def final_states(self) -> tuple[str, ...]:
        sources = {m.source for m in self.moves}
        return tuple(s for s in self.states if s not in sources)


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    name: str
    weight: int
    max: int
    name_en: str = ""  # the English interface's word; the Chinese when absent

    def name_in(self, lang: str) -> str:
        return self.name_en or self.name if lang == "en" else self.name


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    experts_per_application: int
    max_per_expert: int
    criteria: tuple[Criterion, ...]


def _fail(file: str, key: str, message: str) -> CatalogueError:
    return CatalogueError(f"{file}: {key}: {message}")


def _section(catalogue, key: str) -> tuple[str, Any]:
    raw = getattr(catalogue, "raw_sections", {}) or {}
    if key not in raw:
        raise CatalogueError(f"{catalogue.id}: {key}: required key is missing")
    return raw[key]


def workflow(catalogue, tier: str) -> Workflow:
    """The compiled path of `tier` in this catalogue (compiled once per catalogue and tier)."""
    cache_key = ("workflow", tier)
    cached = catalogue._cache.get(cache_key)
    if cached is None:
        cached = catalogue._cache[cache_key] = _compile(catalogue, tier)
    return cached


def workflows(catalogue) -> dict[str, Workflow]:
    file, data = _section(catalogue, "workflows")
    if not isinstance(data, Mapping):
        raise _fail(file, "workflows", "expected a mapping of tier ids")
    return {str(tier): workflow(catalogue, str(tier)) for tier in data}


def _compile(catalogue, tier: str) -> Workflow:
    file, data = _section(catalogue, "workflows")
    if not isinstance(data, Mapping):
        raise _fail(file, "workflows", "expected a mapping of tier ids")
    known_tiers = {t.id for t in catalogue.tiers}
    for t in data:
        if t not in known_tiers:
            raise _fail(file, f"workflows.{t}", f"unknown tier {t!r}")
    if tier not in data:
        raise _fail(file, f"workflows.{tier}", "this tier has no path after recommendation")
    where = f"workflows.{tier}"
    body = data[tier]
    if not isinstance(body, Mapping):
        raise _fail(file, where, "expected a mapping")
    states = body.get("states")
    if not isinstance(states, Mapping) or not states:
        raise _fail(file, f"{where}.states", "expected a mapping of state id to label")
    for sid, label in states.items():
        if not isinstance(sid, str) or not isinstance(label, str) or not label:
            raise _fail(file, f"{where}.states.{sid}", "expected a state id with a label")
    start = body.get("start")
    if start not in states:
        raise _fail(file, f"{where}.start", f"unknown state {start!r}")
    clause = body.get("clause") or ""
    if clause and clause not in catalogue.clauses:
        raise _fail(file, f"{where}.clause", f"unknown clause id {clause!r}")
    raw_moves = body.get("moves")
    if not isinstance(raw_moves, list) or not raw_moves:
        raise _fail(file, f"{where}.moves", "expected a list of moves")
    moves: list[PathMove] = []
    for i, m in enumerate(raw_moves):
        mw = f"{where}.moves[{i}]"
        if not isinstance(m, Mapping):
            raise _fail(file, mw, "expected a mapping")
        for key in ("from", "to"):
            if m.get(key) not in states:
                raise _fail(file, f"{mw}.{key}", f"unknown state {m.get(key)!r} (not in {where}.states)")
        if m.get("by") not in ACTORS:
            raise _fail(file, f"{mw}.by", f"expected one of {', '.join(ACTORS)}")
        if not isinstance(m.get("label"), str) or not m["label"]:
            raise _fail(file, f"{mw}.label", "required key is missing")
        for flag in ("decision", "reason"):
            if flag in m and not isinstance(m[flag], bool):
                raise _fail(file, f"{mw}.{flag}", "expected a boolean")
        mclause = m.get("clause") or clause
        if mclause and mclause not in catalogue.clauses:
            raise _fail(file, f"{mw}.clause", f"unknown clause id {mclause!r}")
        move = PathMove(m["from"], m["to"], m["by"], m["label"], bool(m.get("decision")), bool(m.get("reason")), mclause)
        if any(x.source == move.source and x.target == move.target for x in moves):
            raise _fail(file, mw, f"duplicate move {move.source} → {move.target}")
        moves.append(move)
    reachable = {start}
    changed = True
    while changed:
        changed = False
        for m in moves:
            if m.source in reachable and m.target not in reachable:
                reachable.add(m.target)
                changed = True
    unreachable = [s for s in states if s not in reachable]
    if unreachable:
        raise _fail(file, f"{where}.states.{unreachable[0]}", "no move leads to this state from the start")
    return Workflow(tier=tier, clause=clause, start=start, states=dict(states), moves=tuple(moves))


def review_settings(catalogue, tier: str) -> ReviewSettings:
    cache_key = ("review", tier)
    cached = catalogue._cache.get(cache_key)
    if cached is not None:
        return cached
    file, data = _section(catalogue, "review")
    if not isinstance(data, Mapping):
        raise _fail(file, "review", "expected a mapping")

    def positive(key: str) -> int:
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 1000:
            raise _fail(file, f"review.{key}", "expected a whole number from 1 to 1000")
        return value

    k, cap = positive("experts_per_application"), positive("max_per_expert")
    by_tier = data.get("criteria")
    if not isinstance(by_tier, Mapping) or tier not in by_tier:
        raise _fail(file, f"review.criteria.{tier}", "required key is missing")
    items = by_tier[tier]
    if not isinstance(items, list) or not items:
        raise _fail(file, f"review.criteria.{tier}", "expected a list of criteria")
    criteria = []
    for i, c in enumerate(items):
        cw = f"review.criteria.{tier}[{i}]"
        if not isinstance(c, Mapping):
            raise _fail(file, cw, "expected a mapping")
        for key in ("id", "name"):
            if not isinstance(c.get(key), str) or not c[key]:
                raise _fail(file, f"{cw}.{key}", "required key is missing")
        for key in ("weight", "max"):
            value = c.get(key)
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
                raise _fail(file, f"{cw}.{key}", "expected a whole number from 1 to 100")
        if any(x.id == c["id"] for x in criteria):
            raise _fail(file, f"{cw}.id", f"duplicate criterion {c['id']!r}")
        name_en = c.get("name_en", "")
        if not isinstance(name_en, str):
            raise _fail(file, f"{cw}.name_en", "expected a text")
        criteria.append(Criterion(c["id"], c["name"], c["weight"], c["max"], name_en))
    if sum(c.weight for c in criteria) != 100:
        raise _fail(file, f"review.criteria.{tier}", "the weights must add up to 100")
    settings = catalogue._cache[cache_key] = ReviewSettings(k, cap, tuple(criteria))
    return settings


def add_years(start, years: int):
    """The same calendar day `years` later; 29 February becomes 28 February in a year without it,
    so the period is never longer than `years` years."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def cultivation_max_years(catalogue) -> int:
    for clause in catalogue.clauses.values():
        value = clause.params.get("cultivation_max_years")
        if value is not None:
            return int(value)
    raise CatalogueError(f"{catalogue.id}: no clause sets cultivation_max_years")
