"""Issue 11 item 3 and 9: request bodies are bounded — size and JSON nesting — before anything reads them."""

import io
import json

import pytest
from django.test import Client

from factorytier.core.limits import json_depth

from ..factories import enterprise_user, ready_application

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


class Untouchable(io.RawIOBase):
    """A request body that must never be read: reading it fails the test."""

    def readable(self):
        return True

    def read(self, *args):
        raise AssertionError("the body was read")

    readinto = readline = read


def post_claiming(client, path, length, content_type):
    return client.generic("POST", path, b"", content_type=content_type, CONTENT_LENGTH=str(length),
                          **{"wsgi.input": Untouchable()})


def test_an_anonymous_200_mb_post_to_verify_without_csrf_token_is_refused_unread(tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client = Client(enforce_csrf_checks=True)
    client.get("/verify/")  # the attacker holds a CSRF cookie but sends no token
    response = post_claiming(client, "/verify/", 200 * MB, "multipart/form-data; boundary=xyz")
    assert response.status_code == 413
    assert "过大" in response.content.decode()
    assert list(tmp_path.iterdir()) == []  # nothing written to disk


@pytest.mark.parametrize("path", ["/api/v1/check?tier=excellent", "/api/v1/applications/1", "/accounts/login/"])
def test_a_large_json_or_form_body_is_refused_unread(client, path):
    response = post_claiming(client, path, 5 * MB, "application/json")
    assert response.status_code == 413
    form = post_claiming(client, path, 5 * MB, "application/x-www-form-urlencoded")
    assert form.status_code == 413


def test_the_refusal_of_the_api_is_json_naming_the_limit(client):
    response = post_claiming(client, "/api/v1/check?tier=excellent", 50 * MB, "application/json")
    assert response.status_code == 413 and "上限为 4 MB" in response.json()["detail"]


def test_a_5000_deep_array_to_the_public_check_is_refused_not_a_server_error(client):
    body = "[" * 5000 + "]" * 5000
    response = client.post("/api/v1/check?tier=excellent", body, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套层数超过 32 层" in response.json()["detail"]


@pytest.mark.parametrize("depth", [500, 900])
def test_a_deeply_nested_save_is_refused_and_changes_nothing(client, login, depth):
    application = ready_application()
    login(enterprise_user(application.enterprise))
    nested = "[" * depth + "]" * depth
    body = f'{{"version": {application.version}, "changes": {{"factory.summary": {nested}}}}}'
    response = client.post(f"/applications/{application.pk}/autosave/", body, content_type="application/json")
    assert response.status_code == 400
    api = client.patch(f"/api/v1/applications/{application.pk}", f'{{"changes": {{"factory.summary": {nested}}}}}',
                       content_type="application/json", HTTP_IF_MATCH=str(application.version))
    assert api.status_code == 400
    application.refresh_from_db()
    assert application.version == 1 and application.content["factory"]["summary"] == "项目简介。"


def test_a_draft_nested_as_deep_as_the_content_needs_is_accepted(client, login):
    application = ready_application()
    login(enterprise_user(application.enterprise))
    scenarios = application.content["scenes"]["scenarios"]
    body = json.dumps({"version": application.version, "changes": {"scenes.scenarios": scenarios}})
    assert client.post(f"/applications/{application.pk}/autosave/", body, content_type="application/json").status_code == 200


@pytest.mark.parametrize(("text", "depth"), [
    (b"", 0), (b"1", 0), (b"[]", 1), (b"[[1], {\"a\": [2]}]", 3), (b'{"a": "[[[[[[["}', 1),
    (b'["\\"[[[["]', 1), (b'"\\\\" [[', 2), (b"[" * 5000, 5000),
])
def test_json_depth_ignores_brackets_inside_strings(text, depth):
    assert json_depth(text) == depth


def test_nul_is_dropped_from_query_parameters_and_an_address_holding_it_is_refused(client):
    client.force_login(enterprise_user())
    listing = client.get("/applications/?q=%00&page=1%00")
    assert listing.status_code == 200 and listing.wsgi_request.GET.dict() == {"q": "", "page": "1"}
    assert client.get("/api/v1/reviews/conflicts?x=%00").status_code != 500
    refused = client.get("/verify/%00/")
    assert refused.status_code == 400 and "U+0000" in refused.content.decode()


def test_nul_in_an_api_body_key_or_nested_value_names_its_path():
    from factorytier.core.limits import nul_paths

    assert nul_paths({"a": [1, {"b\x00": 2, "c": "x\x00"}], "d": "ok"}) == ["a.1.b\x00", "a.1.c"]
    assert nul_paths("ok") == [] and nul_paths(["\x00"]) == ["0"]
