"""Any input whatever, through the API and the autosave endpoint: 2xx or 4xx, never a server error.

The inputs include what attackers send: lone surrogates (as JSON escapes), NUL, NaN and infinity,
numbers of thousands of digits, deep nesting, bodies that are not JSON at all."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..factories import enterprise_user, ready_application

pytestmark = pytest.mark.django_db

# Text with everything: lone surrogates (category Cs), NUL and other controls, non-characters.
NASTY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=30) | st.sampled_from(
    ["\ud800", "a\udfffb", "\x00", "\ufffe", "\U0010ffff", "１２３４５", "１２，３４５．６７", "9" * 5000, "-0", "1e999"])
NUMBERS = st.integers() | st.integers(min_value=10**300, max_value=10**4000) | st.floats(allow_nan=True, allow_infinity=True)
SCALARS = st.none() | st.booleans() | NUMBERS | NASTY_TEXT
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(NASTY_TEXT, children, max_size=4),
    max_leaves=20,
)
PATHS = st.sampled_from([
    "title", "factory.start", "factory.end", "factory.total_investment", "factory.integrators", "factory.summary",
    "scenes.scenarios", "scenes.segments.factory", "cultivation.future_modes", "effects.kpis.1.current",
    "effects.kpis.1.baseline", "declarations.truthful", "attestations.R.B1", "attestations.X", "basic.address",
    "basic.contact_mobile",
]) | NASTY_TEXT


def deep(n: int) -> str:
    return "[" * n + "]" * n


def dump(value) -> str:
    """JSON as an attacker may send it: NaN and Infinity allowed, surrogates as \\u escapes."""
    return json.dumps(value, allow_nan=True)


RAW_BODIES = (
    JSON.map(dump)
    | st.integers(min_value=1, max_value=6000).map(deep)
    | st.integers(min_value=1, max_value=6000).map(lambda n: '{"a":' * n + "1" + "}" * n)
    | st.binary(max_size=200).map(lambda b: b.decode("latin-1"))
    | st.just('{"version": 1, "changes": {"factory.summary": "\\ud800"}}')
    | st.just("1" * 10000)
)
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])
TIERS = st.sampled_from(["basic", "advanced", "excellent", "leading", "x", "", "\x00", "%ED%A0%80"])


@FUZZ
@given(body=JSON, tier=TIERS, ladder=st.sampled_from(["", "&ladder=true", "&ladder=2"]))
def test_check_endpoint(client, body, tier, ladder):
    response = client.post(f"/api/v1/check?tier={tier}{ladder}", dump(body), content_type="application/json")
    assert response.status_code in (200, 400, 422), response.content[:300]


@FUZZ
@given(raw=RAW_BODIES, content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded"]))
def test_raw_bodies_to_every_json_input(client, login, raw, content_type):
    response = client.post("/api/v1/check?tier=excellent", raw, content_type=content_type)
    assert 200 <= response.status_code < 500 and response.status_code != 500
    application = ready_application()
    login(enterprise_user(application.enterprise))
    for method, url in [(client.post, f"/applications/{application.pk}/autosave/"),
                        (client.patch, f"/api/v1/applications/{application.pk}"),
                        (client.post, "/api/v1/applications")]:
        response = method(url, raw, content_type=content_type, HTTP_IF_MATCH='"1"')
        assert 200 <= response.status_code < 500, (url, response.status_code, response.content[:300])


@FUZZ
@given(changes=st.dictionaries(PATHS, JSON, max_size=3), version=JSON, if_match=NASTY_TEXT)
def test_autosave_and_api_update(client, login, changes, version, if_match):
    application = ready_application()
    login(enterprise_user(application.enterprise))
    response = client.post(f"/applications/{application.pk}/autosave/",
                           dump({"version": version, "changes": changes}), content_type="application/json")
    assert response.status_code < 500
    header = if_match.encode("utf-8", "surrogatepass").decode("latin-1")  # as the bytes arrive on the wire
    response = client.patch(f"/api/v1/applications/{application.pk}", dump({"changes": changes}),
                            content_type="application/json", HTTP_IF_MATCH=header)
    assert response.status_code < 500
    # whatever was accepted, every page of the application still answers
    for url in (f"/applications/{application.pk}/", f"/applications/{application.pk}/edit/",
                f"/applications/{application.pk}/findings/", f"/api/v1/applications/{application.pk}"):
        assert client.get(url).status_code == 200, url


@FUZZ
@given(body=st.fixed_dictionaries({"campaign_id": JSON, "tier": JSON}) | JSON)
def test_api_create(client, login, body):
    login(enterprise_user())
    response = client.post("/api/v1/applications", dump(body), content_type="application/json")
    assert response.status_code in (201, 400, 403, 422), response.content[:300]
