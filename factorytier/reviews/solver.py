"""Automatic assignment as a minimum-cost flow (as HotCRP and OpenReview do), solved by OR-Tools'
`SimpleMinCostFlow` (networkx's `max_flow_min_cost` took 15 s for 300 applications × 150 experts).

source → expert slot j (capacity 1, cost j·BALANCE: the j-th extra paper of an expert costs more, so the
load is spread) → expert → application (capacity 1, cost BASE − field match; no edge at all across a
conflict) → sink (capacity = experts still needed). `solve_max_flow_with_min_cost` first fills as many places as
possible, then prefers matching fields and even loads. Pure Python, no Django: the service feeds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.graph.python import min_cost_flow

BASE = 20  # cost of one assignment without any matching field
INDUSTRY_MATCH = 8  # the expert knows the enterprise's industry
LINK_MATCH = 2  # per 场景指引 环节 of the application the expert knows (up to LINK_CAP)
LINK_CAP = 4
BALANCE = 3  # extra cost of each further assignment of the same expert


@dataclass(frozen=True)
class Paper:
    id: int
    enterprise_id: int
    need: int  # experts still to assign
    industry: str = ""
    links: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Reviewer:
    id: int
    capacity: int  # assignments still allowed under the cap
    load: int = 0  # assignments already held (load balancing starts from here)
    industries: frozenset[str] = field(default_factory=frozenset)
    links: frozenset[str] = field(default_factory=frozenset)


def match_cost(paper: Paper, reviewer: Reviewer) -> int:
    bonus = 0
    if paper.industry and paper.industry in reviewer.industries:
        bonus += INDUSTRY_MATCH
    bonus += LINK_MATCH * min(LINK_CAP, len(paper.links & reviewer.links))
    return BASE - bonus


def slot_cost(load_before: int) -> int:
    return BALANCE * load_before


def eligible(paper: Paper, reviewer: Reviewer, conflicts: set[tuple[int, int]], taken: set[tuple[int, int]]) -> bool:
    return (reviewer.id, paper.enterprise_id) not in conflicts and (paper.id, reviewer.id) not in taken


def solve(papers: Iterable[Paper], reviewers: Iterable[Reviewer], conflicts: set[tuple[int, int]],
          taken: set[tuple[int, int]] = frozenset()) -> list[tuple[int, int]]:
    """(paper id, reviewer id) pairs to add. `conflicts` holds (reviewer id, enterprise id) pairs never to
    cross; `taken` holds (paper id, reviewer id) pairs already assigned (or declined) not to repeat."""
    papers = [p for p in papers if p.need > 0]
    reviewers = [r for r in reviewers if r.capacity > 0]
    if not papers or not reviewers:
        return []
    smcf = min_cost_flow.SimpleMinCostFlow()
    nodes: dict[object, int] = {}

    def node(key) -> int:
        if key not in nodes:
            nodes[key] = len(nodes)
        return nodes[key]

    source, sink = node("source"), node("sink")
    edges: list[tuple[int, int, int]] = []  # (arc, paper id, reviewer id)
    for r in reviewers:
        rn = node(("r", r.id))
        for j in range(r.capacity):
            sn = node(("s", r.id, j))
            smcf.add_arc_with_capacity_and_unit_cost(source, sn, 1, slot_cost(r.load + j))
            smcf.add_arc_with_capacity_and_unit_cost(sn, rn, 1, 0)
    for p in papers:
        pn = node(("p", p.id))
        smcf.add_arc_with_capacity_and_unit_cost(pn, sink, p.need, 0)
        for r in reviewers:
            if eligible(p, r, conflicts, taken):
                arc = smcf.add_arc_with_capacity_and_unit_cost(nodes[("r", r.id)], pn, 1, match_cost(p, r))
                edges.append((arc, p.id, r.id))
    if not edges:
        return []
    # Offer as much as the applications need; the solver sends as much of it as the graph can carry.
    demand = sum(p.need for p in papers)
    smcf.set_node_supply(source, demand)
    smcf.set_node_supply(sink, -demand)
    status = smcf.solve_max_flow_with_min_cost()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow solver failed with status {status}")
    return sorted((pid, rid) for arc, pid, rid in edges if smcf.flow(arc) > 0)


def total_cost(pairs: list[tuple[int, int]], papers: Iterable[Paper], reviewers: Iterable[Reviewer]) -> int:
    """The objective of a set of pairs: match costs plus each reviewer's balancing cost."""
    pmap = {p.id: p for p in papers}
    rmap = {r.id: r for r in reviewers}
    cost = sum(match_cost(pmap[p], rmap[r]) for p, r in pairs)
    counts: dict[int, int] = {}
    for _p, r in pairs:
        counts[r] = counts.get(r, 0) + 1
    for r, n in counts.items():
        cost += sum(slot_cost(rmap[r].load + j) for j in range(n))
    return cost
