"""Whatever is typed into the web forms, the answer is a page with messages, never a server error.

Values are sent as the bytes a client may put on the wire: lone surrogates as their (invalid) UTF-8
bytes, NUL and other controls, huge numbers, very long texts, full-width digits."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..factories import (
    EXCELLENT_ATTESTATIONS,
    enterprise_user,
    ready_application,
    recommender,
    scenario_form_data,
)

pytestmark = pytest.mark.django_db

TEXT = (
    st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
    | st.sampled_from(["", " ", "0", "-1", "9" * 30, "9" * 5000, "2025-13-45T99:99:99", "0001-01-01", "9999-12-31",
                       "\x00", "<script>", "\ud800", "\ufffe", "１２３", "NaN", "1e999", "x" * 20000])
)
# Bounded so the whole suite stays within minutes on two cores; raise locally to hunt (HYPOTHESIS_PROFILE).
FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


def wire(values: dict) -> str:
    """An urlencoded body: each value's UTF-8 bytes, surrogates included (surrogatepass), percent-encoded."""
    return "&".join(f"{quote(k)}={quote(v, encoding='utf-8', errors='surrogatepass')}" for k, v in values.items())


def post(client, url, values):
    return client.post(url, wire(values), content_type="application/x-www-form-urlencoded")


REGISTRATION = ["name", "uscc", "address", "district", "nature", "legal_entity", "industry", "contact_name",
                "contact_mobile", "username", "email", "password1", "password2"]
CAMPAIGN = ["name", "year", "region", "notice_no", "tiers_open", "application_opens_at", "application_deadline",
            "recommendation_deadline", "branch_allowed_industries", "limit_short", "limit_medium", "limit_long",
            "max_attachments", "max_attachments_total_mb",
            "quotas-TOTAL_FORMS", "quotas-INITIAL_FORMS", "quotas-0-tier", "quotas-0-unit", "quotas-0-limit"]
READINESS = ["cmmm_level", "cmmm_certificate_no", "cmmm_certificate_date", "current_rating", "pilot_demo_locally_accepted",
             "sc-TOTAL_FORMS", "sc-0-guide_link", "sc-0-scenario", "sc-0-instance", "sc-0-uses_ai"]
CHECK = ["name", "uscc", "province", "district", "legal_entity", "industry", "cmmm_level", "current_rating",
         "sc-TOTAL_FORMS", "sc-INITIAL_FORMS", "sc-0-guide_link", "sc-0-scenario", "sc-0-instance"]


def fields(names):
    return st.fixed_dictionaries({k: TEXT for k in names})


@FUZZ
@given(values=fields(REGISTRATION))
def test_registration(client, values):
    assert post(client, "/accounts/register/", values).status_code < 500


@FUZZ
@given(values=fields(["username", "password"]))
def test_login(client, values):
    assert post(client, "/accounts/login/", values).status_code < 500


@FUZZ
@given(values=fields(["old_password", "new_password1", "new_password2"]), name=TEXT)
def test_password_change_and_token(client, login, values, name):
    login(enterprise_user())
    assert post(client, "/accounts/password/", values).status_code < 500
    assert post(client, "/accounts/tokens/new/", {"name": name}).status_code < 500
    assert client.get("/accounts/profile/").status_code == 200


@FUZZ
@given(values=fields(CAMPAIGN))
def test_campaign_form(client, login, commission_user, values):
    login(commission_user)
    assert post(client, "/campaigns/new/", values).status_code < 500


@FUZZ
@given(values=fields(["actor", "action", "object_type", "object_id", "date_from", "date_to", "page"]))
def test_audit_filters(client, login, commission_user, values):
    login(commission_user)
    assert client.get("/audit/?" + wire(values)).status_code < 500


@FUZZ
@given(values=fields(READINESS), attested=st.booleans())
def test_readiness_form(client, login, values, attested):
    login(enterprise_user())
    base = scenario_form_data(EXCELLENT_ATTESTATIONS if attested else [])
    assert post(client, "/applications/readiness/", {**base, **values}).status_code < 500
    assert client.get("/applications/readiness/").status_code == 200


@FUZZ
@given(values=fields(CHECK))
def test_public_check_form(client, values):
    assert post(client, "/check/", values).status_code < 500


@FUZZ
@given(to_state=TEXT | st.sampled_from(["returned", "recommended", "submitted"]), reason=TEXT,
       campaign=TEXT, tier=TEXT, language=TEXT)
def test_moves_creation_and_language(client, login, to_state, reason, campaign, tier, language):
    application = ready_application(state="submitted")
    login(recommender(application.enterprise.recommending_unit))
    assert post(client, f"/applications/{application.pk}/move/", {"to_state": to_state, "reason": reason}).status_code < 500
    assert client.get(f"/applications/{application.pk}/").status_code == 200
    login(enterprise_user(application.enterprise))
    assert post(client, "/applications/new/", {"campaign": campaign, "tier": tier}).status_code < 500
    assert post(client, "/i18n/setlang/", {"language": language, "next": reason}).status_code < 500


@FUZZ
@given(kind=TEXT, name=TEXT, version=TEXT)
def test_attachment_and_restore(client, login, kind, name, version):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = ready_application()
    login(enterprise_user(application.enterprise))
    safe_name = name.encode("utf-8", "replace").decode("utf-8") or "x"
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.7\n")
    # Any name a browser may send ("/", "..", "a/"): SimpleUploadedFile's own setter refuses those before the
    # request is built, so the generated name is put in place behind it.
    upload._name = safe_name[:300]
    response = client.post(f"/applications/{application.pk}/attachments/",
                           {"kind": kind.encode("utf-8", "replace").decode("utf-8"), "file": upload})
    assert response.status_code < 500
    assert post(client, f"/applications/{application.pk}/versions/1/restore/", {"version": version}).status_code < 500
    assert client.get(f"/applications/{application.pk}/edit/").status_code == 200


@FUZZ
@given(data=st.binary(max_size=2000).map(lambda b: b"%PDF-" + b) | st.binary(max_size=200), name=TEXT)
def test_public_verify_upload(client, data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.pdf", data)
    upload._name = name.encode("utf-8", "replace").decode("utf-8")[:200] or "a.pdf"  # see test_attachment_and_restore
    response = client.post("/verify/", {"file": upload})
    assert response.status_code < 500
