"""The review, decisions and cultivation over the API: in the OpenAPI document, scoped to the caller."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factorytier.applications.models import Application
from factorytier.reviews import services

from ..factories import ApplicationFactory, CampaignFactory, enterprise_user
from .conftest import make_expert

pytestmark = pytest.mark.django_db
IDS = ["advancement", "scenarios", "integration", "outcomes", "ai", "promotion"]


def post(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_every_part_is_in_the_openapi_document(client):
    paths = json.loads(client.get("/api/v1/openapi.json").content)["paths"]
    for p in ["/api/v1/reviews/assignments", "/api/v1/reviews/conflicts", "/api/v1/reviews/assignments/{assignment_id}/scores",
              "/api/v1/reviews/applications/{application_id}/onsite-checks", "/api/v1/decisions/outbox",
              "/api/v1/decisions/applications/{application_id}", "/api/v1/decisions/campaigns/{campaign_id}/publish",
              "/api/v1/results/{campaign_id}", "/api/v1/cultivation", "/api/v1/cultivation/{cultivation_id}/acceptance"]:
        assert p in paths, p


def test_the_whole_loop_over_the_api(client, login, commission_user):
    campaign = CampaignFactory()
    app = ApplicationFactory(campaign=campaign, state="recommended")
    expert, other = make_expert("甲"), make_expert("乙")
    login(commission_user)
    assert client.get(f"/api/v1/results/{campaign.pk}").status_code == 404
    created = json.loads(client.post(f"/api/v1/reviews/campaigns/{campaign.pk}/assignments/auto").content)
    assert {a["expert_id"] for a in created} == {expert.pk, other.pk}
    assert client.post(f"/api/v1/reviews/campaigns/{campaign.pk}/assignments/publish").status_code == 200
    login(expert)
    mine = json.loads(client.get("/api/v1/reviews/assignments").content)
    assert [a["expert_id"] for a in mine] == [expert.pk]
    body = {"scores": dict.fromkeys(IDS, 8), "comments": dict.fromkeys(IDS, "好"), "submit": True}
    r = post(client, f"/api/v1/reviews/assignments/{mine[0]['id']}/scores", body, "put")
    assert r.status_code == 200 and json.loads(r.content)["weighted_total"] == "80.00"
    bad = post(client, f"/api/v1/reviews/assignments/{mine[0]['id']}/scores", {"scores": {"advancement": 99}}, "put")
    assert bad.status_code == 400
    assert client.get(f"/api/v1/reviews/applications/{app.pk}/scores").status_code == 403
    assert post(client, f"/api/v1/decisions/applications/{app.pk}", {"outcome": "approved"}).status_code == 403
    login(commission_user)
    Application.objects.filter(pk=app.pk).update(state="under_review")
    summary = json.loads(client.get(f"/api/v1/reviews/applications/{app.pk}/scores").content)
    assert summary["submitted"] == 1 and summary["mean"] == "80.00"
    d = json.loads(post(client, f"/api/v1/decisions/applications/{app.pk}", {"outcome": "approved", "reason": "优"}).content)
    assert post(client, "/api/v1/decisions/outbox/release", {"decision_ids": [d["id"]]}).status_code == 200
    assert post(client, f"/api/v1/decisions/campaigns/{campaign.pk}/publish", {}).status_code == 200
    client.logout()
    results = json.loads(client.get(f"/api/v1/results/{campaign.pk}").content)
    assert [r["enterprise"] for r in results["results"]] == [app.enterprise.name]


def test_an_expert_sees_only_own_conflicts_and_cannot_pin(client, login, commission_user):
    expert, other = make_expert("甲"), make_expert("乙")
    app = ApplicationFactory(state="recommended")
    services.pin_conflict(commission_user, other, app.enterprise, "other")
    login(expert)
    r = post(client, "/api/v1/reviews/conflicts", {"enterprise_uscc": app.enterprise.uscc, "kind": "advised", "expert_id": other.pk})
    assert r.status_code == 201 and json.loads(r.content)["expert_id"] == expert.pk  # declared for themself only
    mine = json.loads(client.get("/api/v1/reviews/conflicts").content)
    assert {c["expert_id"] for c in mine} == {expert.pk}


def test_cultivation_is_scoped_to_the_enterprise(client, login, commission_user):
    from factorytier.cultivation.services import start

    app = ApplicationFactory(tier="leading", state="cultivation")
    c = start(commission_user, app)
    login(enterprise_user())
    assert json.loads(client.get("/api/v1/cultivation").content) == []
    assert client.get(f"/api/v1/cultivation/{c.pk}").status_code == 404
    login(enterprise_user(app.enterprise))
    assert [x["id"] for x in json.loads(client.get("/api/v1/cultivation").content)] == [c.pk]
    assert post(client, f"/api/v1/cultivation/{c.pk}/initial-review", {"passed": True}).status_code in (400, 403)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda ch: st.lists(ch, max_size=3) | st.dictionaries(st.text(max_size=12), ch, max_size=3), max_leaves=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=JSON, which=st.sampled_from(["scores", "conflicts", "decision", "onsite", "milestone", "release"]))
def test_any_body_is_answered_below_500(client, login, commission_user, body, which):
    login(commission_user)
    url = {"scores": "/api/v1/reviews/assignments/1/scores", "conflicts": "/api/v1/reviews/conflicts",
           "decision": "/api/v1/decisions/applications/1", "onsite": "/api/v1/reviews/applications/1/onsite-checks",
           "milestone": "/api/v1/cultivation/1/milestones", "release": "/api/v1/decisions/outbox/release"}[which]
    for method in ("post", "put"):
        assert post(client, url, body, method).status_code < 500


@pytest.mark.parametrize("body", [
    {"enterprise_uscc": "\x00", "kind": "advised"},
    {"enterprise_uscc": "91310000MA1B00001X", "kind": "advised", "note": "见\x00附件"},
])
def test_text_holding_nul_is_refused_with_its_field_before_any_lookup(client, login, body):
    # PostgreSQL's text cannot hold U+0000: looked up or written, it failed as a server error.
    login(make_expert("甲"))
    r = post(client, "/api/v1/reviews/conflicts", body)
    assert r.status_code == 422
    (error,) = json.loads(r.content)["errors"]
    field = next(k for k, v in body.items() if "\x00" in v)
    assert error == {"path": field, "message": "含有不可见的控制字符（U+0000），请删除后重试"}
