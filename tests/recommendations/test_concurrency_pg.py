"""Two officers of one unit editing the list at the same moment (PostgreSQL: real row locks).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/ft_rec .venv/bin/python -m pytest tests/recommendations/test_concurrency_pg.py --create-db
"""

import threading

import pytest
from django.db import connection

from factorytier.core import clock
from factorytier.recommendations import services
from factorytier.recommendations.models import ListChange, RankedList

from ..factories import recommender

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def race(*calls):
    """Run the calls in threads released at the same instant; returns their results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        from django.db import connections

        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the refusal is the result
            results[i] = exc
        finally:
            connections.close_all()

    # The platform clock is process-wide: frozen here once for both threads (a context manager in each
    # thread would unfreeze it for the other when the first one finishes).
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    return results


def test_two_officers_same_version_one_wins_the_other_is_told(unit, campaign, officer, make_submitted):
    other = recommender(unit, display_name="第二位推荐员")
    a, b = make_submitted(), make_submitted()
    rl = services.list_for(unit, campaign, "excellent")
    results = race(lambda: services.add_application(rl, a, officer, 1), lambda: services.add_application(rl, b, other, 1))
    stale = [r for r in results if isinstance(r, services.StaleList)]
    ok = [r for r in results if isinstance(r, RankedList)]
    assert len(ok) == 1 and len(stale) == 1, results
    fresh = RankedList.objects.get(pk=rl.pk)
    assert fresh.version == 2 and fresh.entries.count() == 1
    assert ListChange.objects.filter(ranked_list=rl).count() == 1
    winner = a if fresh.entries.get().application_id == a.pk else b
    assert winner.enterprise.name in str(stale[0])


def test_no_quota_overrun_when_two_officers_add_the_sixth_at_once(unit, campaign, officer, make_submitted):
    other = recommender(unit)
    rl = services.list_for(unit, campaign, "excellent")
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        for _ in range(5):
            rl = services.add_application(rl, make_submitted(), officer, None)
    x, y = make_submitted(), make_submitted()
    # No version given (as a script re-reading before each write would): the lock alone must keep the count.
    results = race(lambda: services.add_application(rl, x, officer, None), lambda: services.add_application(rl, y, other, None))
    refused = [r for r in results if isinstance(r, services.ListRefused)]
    assert len(refused) == 1 and "N.EX.P4" in str(refused[0]), results
    assert RankedList.objects.get(pk=rl.pk).entries.count() == 6


def test_concurrent_reorders_never_lose_an_update(unit, campaign, officer, make_submitted):
    other = recommender(unit)
    rl = services.list_for(unit, campaign, "excellent")
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        apps = [make_submitted() for _ in range(3)]
        for app in apps:
            rl = services.add_application(rl, app, officer, None)
    ids = [a.pk for a in apps]
    v = rl.version
    results = race(lambda: services.reorder(rl, ids[::-1], officer, v), lambda: services.reorder(rl, ids[1:] + ids[:1], other, v))
    assert sum(isinstance(r, RankedList) for r in results) == 1 and sum(isinstance(r, services.StaleList) for r in results) == 1
    order = list(RankedList.objects.get(pk=rl.pk).entries.values_list("application_id", flat=True))
    assert order in (ids[::-1], ids[1:] + ids[:1])
    assert sorted(RankedList.objects.get(pk=rl.pk).entries.values_list("rank", flat=True)) == [1, 2, 3]
