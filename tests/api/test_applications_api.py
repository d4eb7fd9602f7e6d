import json

import pytest

from factorytier.applications.models import Application, State
from factorytier.core import clock

from ..factories import CampaignFactory, enterprise_user

pytestmark = pytest.mark.django_db
OPEN = clock.shanghai(2025, 7, 10, 15)


@pytest.fixture
def api(editor):
    return editor


def patch(client, pk, changes, if_match):
    headers = {} if if_match is None else {"HTTP_IF_MATCH": f'"{if_match}"'}
    return client.patch(f"/api/v1/applications/{pk}", json.dumps({"changes": changes}, ensure_ascii=False),
                        content_type="application/json", **headers)


def test_list_and_read_with_findings_and_version(api, draft):
    assert [a["id"] for a in api.get("/api/v1/applications").json()] == [draft.pk]
    response = api.get(f"/api/v1/applications/{draft.pk}")
    body = response.json()
    assert response["ETag"] == f'"{draft.version}"'
    assert body["version"] == draft.version and body["findings"]["eligible"] is True
    assert body["submission_problems"] == []


def test_update_needs_if_match_and_refuses_conflicts(api, draft):
    assert patch(api, draft.pk, {"factory.summary": "新"}, None).status_code == 428
    ok = patch(api, draft.pk, {"factory.summary": "新"}, draft.version)
    assert ok.status_code == 200 and ok.json()["version"] == draft.version + 1
    stale = patch(api, draft.pk, {"factory.summary": "旧"}, draft.version)
    assert stale.status_code == 409 and stale.json()["current_version"] == draft.version + 1
    bad = patch(api, draft.pk, {"factory.total_investment": "一百万"}, draft.version + 1)
    assert bad.status_code == 422 and bad.json()["errors"][0]["path"] == "factory.total_investment"


def test_submit_with_reasons_then_success_then_withdraw(api, draft):
    draft.content["declarations"]["truthful"] = False
    draft.save()
    with clock.frozen_at(OPEN):
        refused = api.post(f"/api/v1/applications/{draft.pk}/submit")
        assert refused.status_code == 422
        assert any(e["path"] == "declarations.truthful" for e in refused.json()["errors"])
        patch(api, draft.pk, {"declarations.truthful": True}, draft.version)
        done = api.post(f"/api/v1/applications/{draft.pk}/submit")
        assert done.status_code == 200 and done.json()["state"] == "submitted" and len(done.json()["digest"]) == 64
        assert api.post(f"/api/v1/applications/{draft.pk}/withdraw").json()["state"] == "withdrawn"


def test_create(api, draft):
    campaign = CampaignFactory()
    with clock.frozen_at(OPEN):
        response = api.post("/api/v1/applications", json.dumps({"campaign_id": campaign.pk, "tier": "leading"}),
                            content_type="application/json")
        assert response.status_code == 201
        again = api.post("/api/v1/applications", json.dumps({"campaign_id": campaign.pk, "tier": "leading"}),
                         content_type="application/json")
        assert again.status_code == 422 and again.json()["errors"][0]["path"] == "tier"
        wrong = api.post("/api/v1/applications", json.dumps({"campaign_id": campaign.pk, "tier": "basic"}),
                         content_type="application/json")
        assert wrong.status_code == 422
    assert Application.objects.filter(tier="leading", campaign=campaign).count() == 1


def test_another_enterprise_gets_404_everywhere(draft, client, login):
    login(enterprise_user())
    pk = draft.pk
    assert client.get(f"/api/v1/applications/{pk}").status_code == 404
    assert patch(client, pk, {"factory.summary": "x"}, draft.version).status_code == 404
    assert client.post(f"/api/v1/applications/{pk}/submit").status_code == 404
    assert client.post(f"/api/v1/applications/{pk}/withdraw").status_code == 404
    assert client.get(f"/api/v1/applications/{pk}/documents/pdf").status_code == 404
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_documents_before_submission_are_404(api, draft):
    assert api.get(f"/api/v1/applications/{draft.pk}/documents/pdf").status_code == 404
    assert api.get(f"/api/v1/applications/{draft.pk}/documents/exe").status_code == 404


def test_all_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for p in ["/api/v1/applications", "/api/v1/applications/{application_id}", "/api/v1/applications/{application_id}/submit",
              "/api/v1/applications/{application_id}/withdraw", "/api/v1/applications/{application_id}/documents/{fmt}"]:
        assert p in paths, p


@pytest.mark.parametrize("value", ["²", "1.0", "-1", "99999999999999999999", "W/", "abc"])
def test_odd_if_match_values_are_422(api, draft, value):
    response = api.patch(f"/api/v1/applications/{draft.pk}", json.dumps({"changes": {"factory.summary": "x"}}),
                         content_type="application/json", HTTP_IF_MATCH=value)
    assert response.status_code in (422, 428)
