"""Rows for the HTTP API under /api/v1/ (session authentication here; tokens are tried by schemathesis)."""

from ..factories import make_uscc
from .harness import Row, expect

ALL = expect(200, anon=401)
FACTS = {"enterprise": {"uscc": make_uscc(4242), "province": "上海市", "legal_entity": "independent",
                        "industry": "汽车制造业", "cmmm_level": 3, "current_rating": "advanced"}}
SEES_DRAFT_A = expect(404, anon=401, ent_a=200, admin=200)
SEES_SUB_A = expect(404, anon=401, ent_a=200, officer=200, expert_assigned=200, commission=200, admin=200)
# Those who see A's submitted application but may not withdraw it: the refusal is a 422 naming why.
REFUSED_ON_SUB_A = dict(officer=422, expert_assigned=422, commission=422, admin=422)

ROWS = [
    Row("GET", "/api/v1/", expect(404), note="the API's root names no resource"),
    Row("GET", "/api/v1/openapi.json", expect(200)),
    Row("GET", "/api/v1/docs", expect(200)),
    Row("GET", "/api/v1/me", ALL),
    Row("GET", "/api/v1/campaigns", ALL),
    Row("GET", "/api/v1/campaigns/{campaign}", ALL),
    Row("POST", "/api/v1/check?tier=excellent", expect(200), json=FACTS),
    Row("GET", "/api/v1/applications", ALL),
    Row("POST", "/api/v1/applications", expect(403, anon=401, ent_a=201, ent_b=201),
        json=lambda w: {"campaign_id": w.keys["campaign_new"], "tier": "excellent"}, writes={"ent_a", "ent_b"}),
    Row("GET", "/api/v1/applications/{draft_a}", SEES_DRAFT_A),
    Row("GET", "/api/v1/applications/{sub_a}", SEES_SUB_A),
    Row("GET", "/api/v1/applications/{sub_b}", expect(404, anon=401, ent_b=200, officer_other=200, commission=200, admin=200)),
    Row("PATCH", "/api/v1/applications/{draft_a}", expect(404, anon=401, ent_a=200, admin=403),
        json={"changes": {"factory.summary": "接口修改的项目简介"}}, headers={"If-Match": '"{draft_a_version}"'},
        writes={"ent_a"}, note="the administrator sees the draft but may not edit it"),
    Row("POST", "/api/v1/applications/{draft_a}/submit", expect(404, anon=401, ent_a=200, admin=422), writes={"ent_a"}),
    Row("POST", "/api/v1/applications/{sub_a}/withdraw", expect(404, anon=401, ent_a=200, **REFUSED_ON_SUB_A),
        writes={"ent_a"}),
    Row("GET", "/api/v1/applications/{sub_a}/documents/pdf", SEES_SUB_A),
]
