"""Whatever is typed into the web forms, the answer is a page with messages, never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

TEXT = st.text(max_size=40) | st.sampled_from(["", " ", "0", "-1", "9" * 30, "2025-13-45T99:99:99", "\x00", "<script>"])
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
REGISTRATION = ["name", "uscc", "address", "district", "nature", "legal_entity", "industry", "contact_name",
                "contact_mobile", "username", "email", "password1", "password2"]
CAMPAIGN = ["name", "year", "region", "notice_no", "tiers_open", "application_opens_at", "application_deadline",
            "recommendation_deadline", "branch_allowed_industries", "limit_short", "limit_medium", "limit_long",
            "quotas-TOTAL_FORMS", "quotas-INITIAL_FORMS", "quotas-0-tier", "quotas-0-unit", "quotas-0-limit"]


@FUZZ
@given(values=st.fixed_dictionaries({k: TEXT for k in REGISTRATION}))
def test_registration(client, values):
    assert client.post("/accounts/register/", values).status_code < 500


@FUZZ
@given(values=st.fixed_dictionaries({k: TEXT for k in CAMPAIGN}))
def test_campaign_form(client, login, commission_user, values):
    login(commission_user)
    assert client.post("/campaigns/new/", values).status_code < 500


@FUZZ
@given(values=st.fixed_dictionaries({k: TEXT for k in ["actor", "action", "object_type", "object_id", "date_from",
                                                         "date_to", "page"]}))
def test_audit_filters(client, login, commission_user, values):
    login(commission_user)
    assert client.get("/audit/", values).status_code < 500
