"""Pages that list many rows must not make one query per row (N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factorytier.applications.models import State
from factorytier.audit.services import record

from ..factories import ApplicationFactory, CampaignFactory, UnitFactory, recommender

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grow(n, campaign, unit):
    for _ in range(n):
        ApplicationFactory(campaign=campaign, state=State.SUBMITTED, enterprise__recommending_unit=unit)
        ApplicationFactory(campaign=campaign, state=State.RECOMMENDED)


@pytest.mark.parametrize(("who", "url"), [
    ("commission", "/"), ("commission", "/applications/"), ("commission", "/campaigns/{c}/"),
    ("recommender", "/"), ("recommender", "/applications/"),
])
def test_list_pages_make_the_same_number_of_queries_for_3_and_30_rows(client, login, commission_user, who, url):
    campaign, unit = CampaignFactory(), UnitFactory()
    user = commission_user if who == "commission" else recommender(unit)
    url = url.format(c=campaign.pk)
    login(user)
    grow(3, campaign, unit)
    few = queries(client, url)
    grow(27, campaign, unit)
    assert queries(client, url) == few


def test_audit_log_page_is_flat(client, login, commission_user):
    login(commission_user)
    for i in range(5):
        record(commission_user, f"test.{i}")
    few = queries(client, "/audit/")
    for i in range(45):
        record(commission_user, f"test.more{i}")
    assert queries(client, "/audit/") == few
