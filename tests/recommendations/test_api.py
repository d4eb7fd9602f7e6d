"""The recommendation API: scoped to the caller's unit, writes with If-Match, in the OpenAPI document."""

import io

import pytest
from openpyxl import load_workbook

from factorytier.recommendations import services
from factorytier.recommendations.models import RankedList

from ..factories import UnitFactory, recommender

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _open(before_deadline):
    yield


def test_list_read_add_reorder_submit_with_if_match(client, login, officer, make_submitted, campaign):
    a, b = make_submitted(), make_submitted()
    login(officer)
    created = client.post("/api/v1/recommendations/lists", {"campaign_id": campaign.pk, "tier": "excellent"},
                          content_type="application/json").json()
    lid = created["id"]
    url = f"/api/v1/recommendations/lists/{lid}"
    assert client.post(f"{url}/entries", {"application_id": a.pk}, content_type="application/json").status_code == 428
    r = client.post(f"{url}/entries", {"application_id": a.pk}, content_type="application/json", headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["quota_used"] == 1 and r.json()["quota_left"] == 5
    r = client.post(f"{url}/entries", {"application_id": b.pk}, content_type="application/json", headers={"If-Match": '"1"'})
    assert r.status_code == 409 and r.json()["current_version"] == 2 and a.enterprise.name in r.json()["their_changes"][0]
    client.post(f"{url}/entries", {"application_id": b.pk}, content_type="application/json", headers={"If-Match": '"2"'})
    r = client.put(f"{url}/order", {"order": [b.pk, a.pk]}, content_type="application/json", headers={"If-Match": "3"})
    assert [e["application_id"] for e in r.json()["entries"]] == [b.pk, a.pk]
    detail = client.get(url)
    assert detail["ETag"] == '"4"' and detail.json()["entries"][0]["rank"] == 1
    assert client.get(f"{url}/summary/xlsx").status_code == 409
    assert client.post(f"{url}/submit", headers={"If-Match": '"4"'}).status_code == 200
    ws = load_workbook(io.BytesIO(client.get(f"{url}/summary/xlsx").content)).active
    assert [ws["B5"].value, ws["B6"].value] == [b.enterprise.name, a.enterprise.name]
    r = client.delete(f"{url}/entries/{a.pk}", headers={"If-Match": '"5"'})
    assert r.status_code == 422 and "报送" in r.json()["detail"]


def test_queue_is_scoped_to_the_callers_unit(client, login, officer, make_submitted):
    mine = make_submitted()
    theirs = make_submitted(unit_=UnitFactory())
    login(officer)
    body = client.get("/api/v1/recommendations/queue?q=&page=99").json()
    ids = [i["application_id"] for i in body["items"]]
    assert mine.pk in ids and theirs.pk not in ids
    item = body["items"][0]
    assert item["eligible"] is True and {f["clause"] for f in item["registry_findings"]} == {"N.EX.2"}


def test_another_units_list_is_404_and_unchanged(client, login, officer, make_submitted, unit, campaign):
    a = make_submitted()
    rl = services.list_for(unit, campaign, "excellent")
    login(recommender(UnitFactory()))
    assert client.get(f"/api/v1/recommendations/lists/{rl.pk}").status_code == 404
    r = client.post(f"/api/v1/recommendations/lists/{rl.pk}/entries", {"application_id": a.pk},
                    content_type="application/json", headers={"If-Match": '"1"'})
    assert r.status_code == 404
    assert client.get("/api/v1/recommendations/lists").json() == []
    assert RankedList.objects.get(pk=rl.pk).entries.count() == 0


def test_registry_imports_for_the_commission_only(client, login, commission_user, officer):
    login(officer)
    assert client.get("/api/v1/recommendations/registry-imports").status_code == 403
    login(commission_user)
    assert client.get("/api/v1/recommendations/registry-imports").json() == []


def test_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/recommendations/lists/{list_id}/order" in paths and "/api/v1/recommendations/queue" in paths
