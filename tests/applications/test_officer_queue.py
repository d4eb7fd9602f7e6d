"""Officers' queue pages stay cheap while a district's thousand applications come in: paged, no content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factorytier.applications.models import State

from ..factories import ApplicationFactory, CampaignFactory, UnitFactory, recommender

pytestmark = pytest.mark.django_db


def test_the_officers_list_is_paged_and_never_loads_the_content(client, login):
    campaign, unit = CampaignFactory(), UnitFactory()
    for _ in range(55):
        ApplicationFactory(campaign=campaign, state=State.SUBMITTED, enterprise__recommending_unit=unit,
                           content={"factory": {"summary": "长文" * 100}})
    login(recommender(unit))
    with CaptureQueriesContext(connection) as ctx:
        first = client.get("/applications/").content.decode()
    assert first.count("/applications/") >= 50 and "第 1 / 2 页，共 55 份" in first and "?page=2" in first
    assert not [q for q in ctx.captured_queries if "applications_application" in q["sql"] and '"content"' in q["sql"]]
    second = client.get("/applications/?page=2").content.decode()
    assert "第 2 / 2 页" in second
    assert client.get("/applications/?page=x").status_code == 200 and client.get("/applications/?page=999").status_code == 200


def test_the_officers_home_counts_every_application_but_lists_a_page(client, login):
    from factorytier.core import views

    campaign, unit = CampaignFactory(), UnitFactory()
    for _ in range(7):
        ApplicationFactory(campaign=campaign, state=State.SUBMITTED, enterprise__recommending_unit=unit)
    login(recommender(unit))
    views.HOME_ROWS, old = 5, views.HOME_ROWS
    try:
        page = client.get("/", {"campaign": campaign.pk}).content.decode()
    finally:
        views.HOME_ROWS = old
    assert "申报（7）" in page and "共 7 份：查看全部" in page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("query", ["", "page=2", "state=submitted&sort=-submitted", "q=浦东<b>&tier=advanced&district=浦东",
                                   "state=nonsense", "q=" + "长" * 101, "tier="])
def test_the_filter_form_is_the_same_rendered_once_or_each_time(client, login, language, query):
    import re

    from django.http import QueryDict
    from django.utils import translation

    from factorytier.applications.listing import ListFilter, _render_fields

    login(recommender(UnitFactory()))
    client.cookies["django_language"] = language
    for _ in range(2):  # the second answer comes from the cache when the form is valid
        page = client.get("/applications/?" + query).content.decode()
        shown = re.search(r'<div class="form-grid cols-4">(.*?)</div>\n    <div class="actions">', page, re.S).group(1)
        with translation.override(language):
            form = ListFilter(QueryDict(query))
            assert shown == _render_fields(form)
    if "nonsense" in query or "长" in query:
        assert "errorlist" in shown  # a form with errors shows them, every time
    assert "<b>" not in shown
