"""Issue 12 item 8 (small things the walk found) and item 3 (lists page, sort and filter)."""

import re

import pytest

from factorytier.applications.models import State
from factorytier.core import clock

from ..factories import (
    ApplicationFactory,
    CampaignFactory,
    UnitFactory,
    enterprise_user,
    ready_application,
    recommender,
)

pytestmark = pytest.mark.django_db


def test_my_applications_has_the_new_application_button(client, login):
    application = ApplicationFactory()
    login(enterprise_user(application.enterprise))
    with clock.frozen_at(clock.shanghai(2025, 7, 10, 9)):
        body = client.get("/applications/").content.decode()
    assert 'id="new-application"' in body and "新建申报" in body
    assert 'action="/applications/new/"' in body


def test_officers_get_no_new_application_button(client, login):
    application = ApplicationFactory(state=State.SUBMITTED)
    login(recommender(application.enterprise.recommending_unit))
    assert 'id="new-application"' not in client.get("/applications/").content.decode()


def test_the_application_list_filters_sorts_and_pages(client, login, commission_user):
    campaign = CampaignFactory()
    unit = UnitFactory()
    rows = [ApplicationFactory(campaign=campaign, state=State.SUBMITTED, enterprise__recommending_unit=unit)
            for _ in range(53)]
    ApplicationFactory(campaign=campaign, state=State.RECOMMENDED, enterprise__name="浦东精密机械有限公司",
                       enterprise__recommending_unit=unit)
    login(commission_user)
    body = client.get("/applications/").content.decode()
    assert "第 1 / 2 页" in body and "共 54 份" in body
    assert client.get("/applications/?page=2").content.decode().count('href="/applications/') >= 4
    body = client.get("/applications/?state=recommended").content.decode()
    assert "浦东精密机械有限公司" in body and rows[0].enterprise.name not in body and "共 1 份" in body
    body = client.get("/applications/?q=浦东精密").content.decode()
    assert "共 1 份" in body
    body = client.get("/applications/?sort=number").content.decode()
    numbers = re.findall(r'href="/applications/(\d+)/"', body)
    assert numbers == sorted(numbers, key=int)
    # Bad parameters are ignored, never a 500.
    for query in ("?state=nonsense", "?sort=%00", "?page=abc", "?q=" + "x" * 500):
        assert client.get("/applications/" + query).status_code == 200


def test_version_comparison_radios_are_labelled(client, login):
    from factorytier.applications.versions import keep_version

    application = ready_application()
    owner = enterprise_user(application.enterprise)
    keep_version(application, owner, [], note="x")
    login(owner)
    body = client.get(f"/applications/{application.pk}/versions/").content.decode()
    for name in ("a", "b"):
        radios = re.findall(rf'<label class="inline plain"><input type="radio" name="{name}"[^>]*>\s*[旧新]<span', body)
        assert radios, name


def test_commission_home_names_units_without_an_application(client, login, commission_user):
    campaign = CampaignFactory()
    ApplicationFactory(campaign=campaign, state=State.SUBMITTED)
    quiet = UnitFactory(name="崇明区经济委员会")
    login(commission_user)
    body = client.get("/").content.decode()
    block = body[body.index('id="units-without"'):]
    assert quiet.name in block


def test_the_open_tiers_label_stands_beside_its_checkboxes(client, login, commission_user):
    login(commission_user)
    body = client.get("/campaigns/new/").content.decode()
    fieldset = re.search(r'<fieldset class="field choice-row[^"]*" id="fieldset-tiers_open">(.*?)</fieldset>', body, re.S)
    assert fieldset and "<legend>开放申报的层级" in fieldset.group(1)
    assert fieldset.group(1).count('type="checkbox"') >= 2


def test_clause_ids_come_with_their_plain_words(client, login):
    from factorytier.applications.models import Readiness

    application = ApplicationFactory()
    user = enterprise_user(application.enterprise)
    Readiness.objects.create(enterprise=application.enterprise, cmmm_level=2, current_rating="none")
    login(user)
    body = client.get("/").content.decode()
    assert re.search(r'<code>R\.B5</code> <span class="clause-summary">智能制造能力成熟度', body)


def test_the_experts_assignments_filter_sort_and_page(client, login, expert_user):
    from factorytier.reviews.models import Assignment

    campaign = CampaignFactory()
    for i in range(52):
        Assignment.objects.create(application=ApplicationFactory(campaign=campaign, state=State.UNDER_REVIEW),
                                  expert=expert_user, assigned_at=campaign.application_deadline, published_at=campaign.application_deadline,
                                  status="scored" if i == 0 else "assigned")
    login(expert_user)
    body = client.get("/reviews/").content.decode()
    assert 'id="task-filter"' in body and "第 1 / 2 页" in body
    scored = client.get("/reviews/?status=scored").content.decode()
    assert scored.count('href="/reviews/assignments/') == 1
    for query in ("?status=x", "?sort=%00", "?page=zz"):
        assert client.get("/reviews/" + query).status_code == 200
