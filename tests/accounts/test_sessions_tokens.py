"""API tokens expire and die with a password change; sessions end after 2 hours idle or 12 hours in all;
passwords can be reset by e-mail."""

import re
from datetime import timedelta

import pytest
from django.core import mail

from factorytier.accounts.models import ApiToken
from factorytier.accounts.services import create_api_token, user_for_token
from factorytier.audit.models import AuditEntry
from factorytier.core import clock

from ..factories import PASSWORD, enterprise_user

pytestmark = pytest.mark.django_db

NEW = "Another-pass-2026!"


def bearer(client, token):
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_expires_after_90_days_by_default(client):
    user = enterprise_user()
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        token, clear = create_api_token(user, "ERP")
    assert token.expires_at == clock.shanghai(2025, 7, 1, 10) + timedelta(days=90)
    with clock.frozen_at(clock.shanghai(2025, 9, 28, 9)):
        assert user_for_token(clear) == user
    with clock.frozen_at(clock.shanghai(2025, 9, 29, 10, 0, 1)):
        assert user_for_token(clear) is None
        assert bearer(client, clear).status_code == 401


def test_the_expiry_is_shown_when_the_token_is_created(client, login):
    user = enterprise_user()
    login(user)
    response = client.post("/accounts/tokens/new/", {"name": "ERP", "days": "30"}, follow=True)
    token = ApiToken.objects.get(user=user)
    expires = token.expires_at.astimezone(clock.SHANGHAI)
    assert (expires - token.created_at.astimezone(clock.SHANGHAI)).days in (29, 30)
    assert f"有效期至 {expires:%Y-%m-%d %H:%M}" in response.content.decode()


def test_changing_the_password_revokes_every_token(client):
    user = enterprise_user(username="factory-it")
    _, clear = create_api_token(user, "ERP")
    assert bearer(client, clear).status_code == 200
    client.post("/accounts/login/", {"username": "factory-it", "password": PASSWORD})
    response = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    client.logout()
    assert bearer(client, clear).status_code == 401
    assert ApiToken.objects.get(user=user).revoked_at is not None
    assert AuditEntry.objects.filter(action="api_token.revoke_all", object_id=str(user.pk)).exists()


def test_a_password_hash_upgrade_on_log_in_keeps_the_tokens():
    user = enterprise_user()
    _, clear = create_api_token(user, "ERP")
    user.check_password(PASSWORD)  # may re-hash and save(update_fields=["password"])
    user.save()
    assert user_for_token(clear) == user


def test_the_session_ends_after_two_hours_idle(client):
    enterprise_user(username="factory-it")
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 9)):
        client.post("/accounts/login/", {"username": "factory-it", "password": PASSWORD})
        assert client.get("/accounts/profile/").status_code == 200
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10, 59)):
        assert client.get("/accounts/profile/").status_code == 200
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 13, 0)):
        response = client.get("/accounts/profile/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert "_auth_user_id" not in client.session


def test_the_session_ends_after_twelve_hours_however_active(client):
    enterprise_user(username="factory-it")
    start = clock.shanghai(2025, 7, 1, 8)
    with clock.frozen_at(start):
        client.post("/accounts/login/", {"username": "factory-it", "password": PASSWORD})
    for hours in range(1, 12):
        with clock.frozen_at(start + timedelta(hours=hours)):
            assert client.get("/accounts/profile/").status_code == 200
    with clock.frozen_at(start + timedelta(hours=12, minutes=1)):
        assert client.get("/accounts/profile/").status_code == 302


def test_session_cookie_settings(settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.FACTORYTIER_SESSION_IDLE_SECONDS == 2 * 3600


def test_password_reset_by_email(client, settings):
    settings.FACTORYTIER_BASE_URL = "https://zhineng.example.gov.cn"
    user = enterprise_user(username="factory-it", email="it@factory.example.com")
    _, clear = create_api_token(user, "ERP")
    assert client.get("/accounts/password/reset/").status_code == 200
    response = client.post("/accounts/password/reset/", {"email": "it@factory.example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https://zhineng\.example\.gov\.cn(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "设置新密码" in form_page.content.decode()
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/complete/"
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert user_for_token(clear) is None
    assert AuditEntry.objects.filter(action="user.password_reset", object_id=str(user.pk)).exists()
    # The link works once.
    assert "无效或已过期" in client.get(link, follow=True).content.decode()


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302 and len(mail.outbox) == 0


def test_an_administrator_resets_a_password_and_the_tokens_die(client, login, admin_user):
    user = enterprise_user(username="factory-it", email="it@factory.example.com")
    _, clear = create_api_token(user, "ERP")
    login(admin_user)
    response = client.post(f"/admin/accounts/user/{user.pk}/password/", {"password1": NEW, "password2": NEW,
                                                                          "usable_password": "true"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW) and user_for_token(clear) is None
    assert AuditEntry.objects.filter(action="admin.password_change", object_id=str(user.pk)).exists()
    response = client.post("/admin/accounts/user/", {"action": "send_password_reset", "_selected_action": [user.pk]})
    assert response.status_code == 302 and len(mail.outbox) == 1 and mail.outbox[0].to == ["it@factory.example.com"]
    assert AuditEntry.objects.filter(action="admin.password_reset_sent", object_id=str(user.pk)).exists()


def test_password_reset_mails_are_limited_per_address(client):
    enterprise_user(username="factory-it", email="it@factory.example.com")
    for _ in range(6):
        response = client.post("/accounts/password/reset/", {"email": "it@factory.example.com"})
        assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 3
