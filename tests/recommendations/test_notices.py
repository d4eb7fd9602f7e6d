"""Officers are told when an application enters their queue and when their list is reopened; each user
chooses e-mail at once or a daily digest."""

import pytest
from django.core import mail
from django.core.management import call_command

from factorytier.applications.models import State
from factorytier.applications.services import set_application_state
from factorytier.core import clock
from factorytier.notices.models import EmailPreference, Notice

from ..factories import EnterpriseFactory, enterprise_user, ready_application, recommender

pytestmark = pytest.mark.django_db


def test_officer_is_told_when_an_application_enters_the_queue(unit, campaign, django_capture_on_commit_callbacks):
    officer = recommender(unit, email="officer@example.org")
    other_unit_officer = recommender(email="other@example.org")
    app = ready_application(campaign=campaign, enterprise=EnterpriseFactory(recommending_unit=unit))
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)), django_capture_on_commit_callbacks(execute=True):
        set_application_state(app, State.SUBMITTED, enterprise_user(app.enterprise))
    notice = Notice.objects.get(user=officer)
    assert app.enterprise.name in notice.subject and notice.link.startswith("/recommendations/queue/")
    assert not Notice.objects.filter(user=other_unit_officer).exists()
    assert any("officer@example.org" in m.to for m in mail.outbox)


def test_digest_users_get_one_mail_a_day_instead(unit, campaign, django_capture_on_commit_callbacks, client, login):
    officer = recommender(unit, email="digest@example.org")
    login(officer)
    client.post("/notices/preferences/", {"mode": "digest"})
    assert EmailPreference.objects.get(user=officer).mode == "digest"
    apps = [ready_application(campaign=campaign, enterprise=EnterpriseFactory(recommending_unit=unit)) for _ in range(2)]
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)), django_capture_on_commit_callbacks(execute=True):
        for app in apps:
            set_application_state(app, State.SUBMITTED, enterprise_user(app.enterprise))
    assert not any("digest@example.org" in m.to for m in mail.outbox)
    assert Notice.objects.filter(user=officer).count() == 2
    with clock.frozen_at(clock.shanghai(2025, 7, 2, 8)):
        call_command("send_digests")
    [digest] = [m for m in mail.outbox if "digest@example.org" in m.to]
    assert "（2 条）" in digest.subject and apps[0].enterprise.name in digest.body
    with clock.frozen_at(clock.shanghai(2025, 7, 3, 8)):
        call_command("send_digests")
    assert len([m for m in mail.outbox if "digest@example.org" in m.to]) == 1  # nothing new, nothing sent


def test_bad_preference_changes_nothing(client, login, officer):
    login(officer)
    client.post("/notices/preferences/", {"mode": "hourly"})
    assert EmailPreference.objects.get(user=officer).mode == "immediate"
