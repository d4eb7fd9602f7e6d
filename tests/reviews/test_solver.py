"""The automatic assignment is a min-cost flow: never across a conflict, optimal on small instances."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factorytier.reviews.solver import Paper, Reviewer, eligible, solve, total_cost

LINKS = ["工厂建设", "生产作业", "质量管控"]


@st.composite
def instances(draw):
    n_papers = draw(st.integers(1, 3))
    n_reviewers = draw(st.integers(1, 4))
    papers = [Paper(i, 100 + i, draw(st.integers(0, 2)), draw(st.sampled_from(["", "36", "26"])),
                    frozenset(draw(st.lists(st.sampled_from(LINKS), max_size=2)))) for i in range(n_papers)]
    reviewers = [Reviewer(j, draw(st.integers(0, 3)), draw(st.integers(0, 2)),
                          frozenset(draw(st.lists(st.sampled_from(["36", "26"]), max_size=2))),
                          frozenset(draw(st.lists(st.sampled_from(LINKS), max_size=2)))) for j in range(n_reviewers)]
    conflicts = set(draw(st.lists(st.tuples(st.integers(0, n_reviewers - 1), st.sampled_from([p.enterprise_id for p in papers])),
                                  max_size=4)))
    taken = set(draw(st.lists(st.tuples(st.integers(0, n_papers - 1), st.integers(0, n_reviewers - 1)), max_size=2)))
    return papers, reviewers, conflicts, taken


def brute_force(papers, reviewers, conflicts, taken):
    """Every feasible set of pairs: the most pairs first, then the least cost."""
    candidates = [(p.id, r.id) for p in papers for r in reviewers if eligible(p, r, conflicts, taken)]
    best = None
    for size in range(len(candidates), -1, -1):
        for combo in itertools.combinations(candidates, size):
            if any(sum(1 for pp, _ in combo if pp == p.id) > p.need for p in papers):
                continue
            if any(sum(1 for _, rr in combo if rr == r.id) > r.capacity for r in reviewers):
                continue
            cost = total_cost(list(combo), papers, reviewers)
            if best is None or cost < best[1]:
                best = (size, cost)
        if best is not None:
            return best
    return (0, 0)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_solver_never_crosses_a_conflict_and_equals_the_brute_force_optimum(instance):
    papers, reviewers, conflicts, taken = instance
    pairs = solve(papers, reviewers, conflicts, taken)
    pmap = {p.id: p for p in papers}
    for pid, rid in pairs:
        assert (rid, pmap[pid].enterprise_id) not in conflicts
        assert (pid, rid) not in taken
    assert len(set(pairs)) == len(pairs)
    for p in papers:
        assert sum(1 for pid, _ in pairs if pid == p.id) <= p.need
    for r in reviewers:
        assert sum(1 for _, rid in pairs if rid == r.id) <= r.capacity
    size, cost = brute_force(papers, reviewers, conflicts, taken)
    assert len(pairs) == size
    assert total_cost(pairs, papers, reviewers) == cost


def test_matching_fields_are_preferred_and_load_is_balanced():
    papers = [Paper(1, 11, 1, "36", frozenset({"生产作业"})), Paper(2, 12, 1, "26", frozenset())]
    reviewers = [Reviewer(1, 2, 0, frozenset({"36"}), frozenset({"生产作业"})), Reviewer(2, 2, 0, frozenset(), frozenset())]
    assert solve(papers, reviewers, set()) == [(1, 1), (2, 2)]
