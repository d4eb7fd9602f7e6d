"""Lock-out counts one account whatever name it is addressed by, locks only the (account, address) pair, and
limits each address across accounts."""

import pytest
from axes.models import AccessAttempt

from factorytier.accounts.choices import Role
from factorytier.audit.models import AuditEntry

from ..factories import PASSWORD, UserFactory, enterprise_user

pytestmark = pytest.mark.django_db


def post_login(client, username, password, ip="10.1.2.3"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_user_name_and_mobile_share_one_counter(client):
    enterprise_user(username="factory-it", mobile="13811112222")
    for name in ["factory-it", "13811112222", "factory-it", "13811112222", "factory-it"]:
        post_login(client, name, "wrong")
    # Five guesses in all, split between the two names, lock the account (from this address) by either name.
    assert post_login(client, "13811112222", PASSWORD).status_code == 429
    assert post_login(client, "factory-it", PASSWORD).status_code == 429
    assert not logged_in(client)


def test_a_success_by_mobile_does_not_clear_a_lock_earned_by_user_name(client):
    enterprise_user(username="factory-it", mobile="13811112222")
    for _ in range(5):
        post_login(client, "factory-it", "wrong")
    assert post_login(client, "13811112222", PASSWORD).status_code == 429
    assert post_login(client, "factory-it", "wrong").status_code == 429


def test_anonymous_posts_from_elsewhere_cannot_lock_the_owner_out(client):
    admin = UserFactory(username="root-admin", role=Role.ADMIN, is_staff=True, is_superuser=True)
    for _ in range(5):
        post_login(client, "root-admin", "wrong", ip="203.0.113.9")
    assert post_login(client, "root-admin", PASSWORD, ip="203.0.113.9").status_code == 429
    client.cookies.clear()
    response = post_login(client, "root-admin", PASSWORD, ip="10.9.9.9")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(admin.pk)


def test_one_address_trying_many_accounts_is_locked(client, settings):
    settings.FACTORYTIER_IP_FAILURE_LIMIT = 20
    users = [enterprise_user(username=f"victim{n}") for n in range(40)]
    statuses = [post_login(client, u.username, "wrong", ip="198.51.100.7").status_code for u in users]
    assert 429 in statuses and statuses.index(429) <= 20
    # The address is locked for an account it never tried, even with the right password ...
    fresh = enterprise_user(username="untouched")
    assert post_login(client, "untouched", PASSWORD, ip="198.51.100.7").status_code == 429
    # ... and nobody else is.
    assert post_login(client, "untouched", PASSWORD, ip="10.0.0.1").status_code == 302
    assert fresh.is_active


def test_unlocking_in_the_admin_is_audited(client, login, admin_user):
    enterprise_user(username="factory-it")
    for _ in range(5):
        post_login(client, "factory-it", "wrong")
    attempt = AccessAttempt.objects.get(username="factory-it")
    login(admin_user)
    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    entry = AuditEntry.objects.get(action="axes.unlock")
    assert entry.actor == admin_user and entry.before["username"] == "factory-it" and entry.before["ip_address"] == "10.1.2.3"


def test_the_pair_and_the_address_are_counted_by_one_statement_within_the_cool_off(rf):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factorytier.accounts.lockout import pair_and_address_failures
    from factorytier.core import clock

    def attempt(username, ip, failures, hours_ago=0, agent=""):
        a = AccessAttempt.objects.create(username=username, ip_address=ip, user_agent=agent, failures_since_start=failures,
                                         get_data="", post_data="", http_accept="", path_info="/accounts/login/")
        AccessAttempt.objects.filter(pk=a.pk).update(attempt_time=clock.now() - datetime.timedelta(hours=hours_ago))

    enterprise_user(username="factory-it")
    attempt("factory-it", "10.1.2.3", 3)
    attempt("other-account", "10.1.2.3", 4)
    attempt("factory-it", "10.9.9.9", 10)      # another address
    attempt("factory-it", "10.1.2.3", 7, hours_ago=2, agent="old browser")  # past the cool-off
    attempt(None, "10.1.2.3", 2)               # a post without a name
    def login_post(data, ip):
        request = rf.post("/accounts/login/", data)
        request.axes_ip_address, request.axes_attempt_time = ip, clock.now()
        return request

    request = login_post({"username": "factory-it"}, "10.1.2.3")
    with CaptureQueriesContext(connection) as ctx:
        assert pair_and_address_failures(request, {"username": "factory-it"}) == (3, 9)
    assert sum('"axes_accessattempt"' in q["sql"] for q in ctx.captured_queries) == 1
    assert pair_and_address_failures(login_post({}, "10.1.2.3"), {}) == (2, 9)
    assert pair_and_address_failures(login_post({"username": "factory-it"}, "10.5.5.5"), {"username": "factory-it"}) == (0, 0)
