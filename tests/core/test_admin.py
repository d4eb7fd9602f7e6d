import pytest

from factorytier.accounts.models import User
from factorytier.audit.models import AuditEntry

from ..factories import ApplicationFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [
    "/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/", "/admin/accounts/enterprise/",
    "/admin/accounts/recommendingunit/", "/admin/accounts/apitoken/", "/admin/campaigns/campaign/",
    "/admin/applications/application/", "/admin/reviews/assignment/", "/admin/reviews/assignment/add/",
    "/admin/audit/auditentry/",
])
def test_admin_pages_open(client, login, admin_user, path):
    ApplicationFactory()
    login(admin_user)
    assert client.get(path).status_code == 200


def test_the_administrator_creates_a_district_officer_and_it_is_audited(client, login, admin_user):
    unit = UnitFactory(name="闵行区经济委员会", district="闵行区")
    login(admin_user)
    response = client.post("/admin/accounts/user/add/", {
        "username": "minhang-officer", "password1": "Officer-pass-2025!", "password2": "Officer-pass-2025!",
        "display_name": "闵行推荐员", "role": "recommender", "unit": unit.pk, "mobile": "13912340000", "email": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    officer = User.objects.get(username="minhang-officer")
    assert officer.unit == unit and officer.role == "recommender"
    assert AuditEntry.objects.filter(action="admin.add", object_id=str(officer.pk), actor=admin_user).exists()


def test_nobody_else_reaches_the_admin(client, login, commission_user):
    login(commission_user)
    assert client.get("/admin/accounts/user/").status_code == 302
