"""Any input whatever, through the API and the autosave endpoint: an answer below 500, never a crash."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..factories import enterprise_user, ready_application

pytestmark = pytest.mark.django_db

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=20), children, max_size=4),
    max_leaves=20,
)
PATHS = st.sampled_from([
    "title", "factory.start", "factory.end", "factory.total_investment", "factory.integrators", "factory.summary",
    "scenes.scenarios", "scenes.segments.factory", "cultivation.future_modes", "effects.kpis.1.current",
    "declarations.truthful", "attestations.R.B1", "attestations.X", "basic.address",
]) | st.text(max_size=20)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(body=JSON, tier=st.sampled_from(["basic", "advanced", "excellent", "leading", "x", ""]))
def test_check_endpoint(client, body, tier):
    response = client.post(f"/api/v1/check?tier={tier}", json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 422)


@FUZZ
@given(changes=st.dictionaries(PATHS, JSON, max_size=3), version=JSON)
def test_autosave_and_api_update(client, login, changes, version):
    application = ready_application()
    login(enterprise_user(application.enterprise))
    response = client.post(f"/applications/{application.pk}/autosave/",
                           json.dumps({"version": version, "changes": changes}), content_type="application/json")
    assert response.status_code < 500
    response = client.patch(f"/api/v1/applications/{application.pk}", json.dumps({"changes": changes}),
                            content_type="application/json", HTTP_IF_MATCH=json.dumps(version))
    assert response.status_code < 500
