"""The permission matrix as data: every URL pattern and API route × every role × objects of each owner,
reads and writes, with the expected answer; writes compare the database before and after.

The rows are in tests/matrix/rows_*.py (found automatically); tests/matrix/README.md says how to add some.
The world is built once for this module inside a transaction that is rolled back at its end; every role's
request runs in a savepoint of its own, rolled back too, so each row meets the same world.
"""

import pytest
from django.db import transaction

from factorytier.accounts.choices import Role
from factorytier.core import clock

from ..conftest import all_url_patterns
from ..factories import UserFactory
from ..matrix.harness import EXEMPT_PREFIXES, all_rows, route_of
from ..matrix.runner import log_in_everyone, run_row
from ..matrix.world import MOMENT, build_world

pytestmark = pytest.mark.django_db
ROWS = all_rows()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with clock.frozen_at(MOMENT):
            w = build_world()
            log_in_everyone(w)
        yield w
        transaction.set_rollback(True)


def test_every_route_has_a_row(world):
    covered = {route_of(row.url.format(**world.keys)) for row in ROWS}
    missing = [p for p in all_url_patterns() if not p.startswith(EXEMPT_PREFIXES) and p not in covered]
    assert not missing, f"routes without a row in tests/matrix/rows_*.py: {missing}"


def test_rows_are_unique():
    ids = [row.id for row in ROWS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_matrix(world, row):
    with clock.frozen_at(MOMENT):
        problems = run_row(row, world)
    assert not problems, f"{row.id}{' (' + row.note + ')' if row.note else ''}:\n  " + "\n  ".join(problems)


def test_unknown_pages_answer_404_not_500(client, login):
    assert client.get("/no-such-page/").status_code == 404
    login(UserFactory(role=Role.ENTERPRISE))  # an enterprise user without an enterprise
    assert client.get("/").status_code == 200
    assert client.get("/applications/999999/").status_code == 404


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/api/v1/openapi.json", "/api/v1/docs", "/static/factorytier/app.css",
                                  "/verify/not-a-digest", "/documents/1/pdf/", "/jobs/not-a-uuid/"])
def test_other_entry_points_never_answer_5xx_logged_out(client, path):
    assert client.get(path).status_code < 500
