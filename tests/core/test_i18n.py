import pytest

pytestmark = pytest.mark.django_db


def test_chinese_by_default_and_english_on_request(client):
    body = client.get("/accounts/login/").content.decode()
    assert 'lang="zh-Hans"' in body and "用户名或手机号" in body
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in body and "User name or mobile number" in body and "Log in" in body


def test_home_page_in_english(client, login):
    from ..factories import ApplicationFactory, enterprise_user

    application = ApplicationFactory()
    login(enterprise_user(application.enterprise))
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My applications" in body and "Readiness (self-assessment)" in body and "Application no." in body
    assert "我的申报书" in client.get("/").content.decode()
