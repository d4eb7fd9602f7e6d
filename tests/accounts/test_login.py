import pytest
from django.test import override_settings

from factorytier.audit.models import AuditEntry

from ..factories import PASSWORD, enterprise_user

pytestmark = pytest.mark.django_db


def post_login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3")


def test_login_by_username_and_by_mobile(client):
    user = enterprise_user(username="factory-it", mobile="13811112222")
    assert post_login(client, "factory-it", PASSWORD).status_code == 302
    client.logout()
    response = post_login(client, "13811112222", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    entry = AuditEntry.objects.filter(action="user.login", actor=user).first()
    assert entry is not None and entry.ip_address == "10.1.2.3"


def test_wrong_password_gives_chinese_message(client):
    enterprise_user(username="factory-it")
    response = post_login(client, "factory-it", "wrong")
    assert response.status_code == 200
    assert "用户名（或手机号）或密码不正确" in response.content.decode()


@override_settings(AXES_FAILURE_LIMIT=5)
def test_lockout_after_repeated_failures_even_with_the_right_password(client):
    enterprise_user(username="factory-it")
    for _ in range(5):
        post_login(client, "factory-it", "wrong")
    response = post_login(client, "factory-it", PASSWORD)
    assert response.status_code == 429
    assert "登录已被临时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_and_password_change(client):
    user = enterprise_user(username="factory-it")
    post_login(client, "factory-it", PASSWORD)
    response = client.post("/accounts/password/", {"old_password": "bad", "new_password1": "Another-pass-2026!", "new_password2": "Another-pass-2026!"})
    assert "原密码不正确" in response.content.decode()
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "Another-pass-2026!", "new_password2": "Another-pass-2026!"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-pass-2026!")
    assert AuditEntry.objects.filter(action="user.password_change", actor=user).exists()
    assert client.post("/accounts/logout/").status_code == 302
    front = client.get("/").content.decode()  # the public front page, no longer the user's home
    assert "正在申报的批次" in front and "factory-it" not in front


def test_a_name_that_is_one_accounts_user_name_and_anothers_mobile_logs_in_the_older_account(client):
    from factorytier.accounts.lockout import account_by_name

    first = enterprise_user(username="13900001111")
    second = enterprise_user(username="someone", mobile="13900001111")
    assert account_by_name("13900001111") == first and account_by_name("someone") == second
    assert account_by_name("nobody") is None and account_by_name("") is None
    assert client.post("/accounts/login/", {"username": "13900001111", "password": PASSWORD}).status_code == 302
    assert client.session["_auth_user_id"] == str(first.pk)


def test_a_log_in_records_its_time_by_one_update_of_that_column(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factorytier.core import clock

    user = enterprise_user(username="factory-it")
    assert user.last_login is None
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 9, 30)), CaptureQueriesContext(connection) as ctx:
        assert client.post("/accounts/login/", {"username": "factory-it", "password": PASSWORD}).status_code == 302
    writes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('UPDATE "accounts_user"')]
    assert len(writes) == 1 and '"last_login"' in writes[0] and '"password"' not in writes[0]
    user.refresh_from_db()
    assert user.last_login == clock.shanghai(2025, 7, 1, 9, 30)
