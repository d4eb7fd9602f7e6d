import pytest

from factorytier.accounts.models import ApiToken
from factorytier.accounts.services import create_api_token, revoke_api_token

from ..factories import ApplicationFactory, enterprise_user

pytestmark = pytest.mark.django_db


def test_openapi_document_and_docs_are_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/me" in paths and "/api/v1/applications" in paths
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn." not in docs  # works on a closed network


def test_anonymous_gets_401(client):
    assert client.get("/api/v1/me").status_code == 401


def test_bearer_token_authenticates_and_revoking_it_stops_it(client):
    application = ApplicationFactory()
    user = enterprise_user(application.enterprise)
    token, clear = create_api_token(user, "ERP")
    assert ApiToken.objects.get(pk=token.pk).digest != clear  # only the hash is stored
    response = client.get("/api/v1/applications", HTTP_AUTHORIZATION=f"Bearer {clear}")
    assert response.status_code == 200
    assert [a["id"] for a in response.json()] == [application.pk]
    revoke_api_token(user, token)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_session_authenticates(client, login):
    user = enterprise_user()
    login(user)
    assert client.get("/api/v1/me").json()["username"] == user.username


def test_token_created_and_revoked_on_the_profile_page(client, login):
    user = enterprise_user()
    login(user)
    client.post("/accounts/tokens/new/", {"name": "对接测试"})
    body = client.get("/accounts/profile/").content.decode()
    token = user.api_tokens.get()
    assert token.prefix in body and "请立即复制保存" in body
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.post("/accounts/tokens/new/", {"name": ""}).status_code == 302
    assert user.api_tokens.count() == 1
