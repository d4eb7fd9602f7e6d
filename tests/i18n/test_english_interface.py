"""Every page, for every role, in English: no interface text in Chinese (issue 12 item 5).

Walks every GET row of the permission matrix (tests/matrix/rows_*.py: every site route, with the
shared world of objects of each owner) for every role, with Accept-Language: en. Chinese *data* is
allowed where the page marks it lang="zh-Hans" (see english.py)."""

import re

import pytest
from django.db import transaction

from factorytier.core import clock

from ..matrix.harness import all_rows
from ..matrix.runner import client_for, log_in_everyone
from ..matrix.world import MOMENT, build_world
from .english import chinese_interface_text

pytestmark = pytest.mark.django_db
GET_ROWS = [row for row in all_rows() if row.method == "GET" and not row.url.startswith(("/api/", "/admin/"))]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with clock.frozen_at(MOMENT):
            w = build_world()
            log_in_everyone(w)
        yield w
        transaction.set_rollback(True)


def _walk(world):
    problems, rendered = [], 0
    for row in GET_ROWS:
        for role in world.users:
            url = row.url.format(**world.keys)
            with clock.frozen_at(MOMENT), transaction.atomic():
                response = client_for(role, world).get(url, HTTP_ACCEPT_LANGUAGE="en")
                transaction.set_rollback(True)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            rendered += 1
            body = response.content.decode()
            if body.lstrip().startswith("<!DOCTYPE"):
                assert '<html lang="en"' in body, url
            problems += [f"{role} {row.url}: {text}" for text in chinese_interface_text(body)]
    return sorted(set(problems)), rendered


def test_no_interface_text_in_chinese_on_any_page_for_any_role(world):
    problems, rendered = _walk(world)
    assert rendered > 200  # every GET page of the matrix that answers a role with HTML
    assert not problems, f"{len(problems)} pieces of interface text in Chinese:\n" + "\n".join(problems[:400])


def test_the_confirmation_page_in_english(client, login):
    from factorytier.applications.models import State
    from factorytier.applications.services import set_application_state

    from ..factories import enterprise_user, ready_application

    application = ready_application()
    owner = enterprise_user(application.enterprise)
    with clock.frozen_at(clock.shanghai(2025, 7, 10, 15)):
        set_application_state(application, State.SUBMITTED, owner)
        login(owner)
        body = client.post(f"/applications/{application.pk}/move/", {"to_state": "withdrawn"},
                           HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What will happen" in body and "What cannot be undone" in body
    assert chinese_interface_text(body) == []


def test_the_finder_ignores_marked_data_and_field_values():
    html = ('<html lang="en"><body><p lang="zh-Hans">上海测试<b>公司</b></p><input value="张三" aria-label="Name">'
            '<textarea>项目简介</textarea><p>Status: 已提交</p><span title="提示">x</span></body></html>')
    assert chinese_interface_text(html) == ["Status: 已提交", "<span title>提示"]


def test_english_dates(client, login):
    from factorytier.applications.models import State
    from factorytier.applications.services import set_application_state

    from ..factories import enterprise_user, ready_application

    application = ready_application()
    owner = enterprise_user(application.enterprise)
    with clock.frozen_at(clock.shanghai(2025, 7, 10, 15)):
        set_application_state(application, State.SUBMITTED, owner)
    login(owner)
    body = client.get(f"/applications/{application.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r"\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d, \d\d:\d\d:\d\d", body)
    assert "2025-07-10 15:00:00" in client.get(f"/applications/{application.pk}/").content.decode()
