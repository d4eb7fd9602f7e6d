import pytest

from factorytier.accounts.models import Enterprise, RecommendingUnit, User
from factorytier.audit.models import AuditEntry

from ..factories import EnterpriseFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pudong():
    return UnitFactory(name="浦东新区科技和经济委员会", district="浦东新区")


def form_data(**overrides):
    data = {
        "name": "上海新注册智能制造有限公司", "uscc": "91310115MA1K3YJ12G", "address": "上海市浦东新区张江路1号",
        "district": "浦东新区", "nature": "private", "legal_entity": "independent", "industry": "35",
        "contact_name": "李四", "contact_mobile": "13912345678", "username": "newco", "email": "it@newco.example",
        "password1": "Strong-pass-2025!", "password2": "Strong-pass-2025!",
    }
    data.update(overrides)
    return data


def test_registration_creates_enterprise_user_and_audit(client, pudong):
    response = client.post("/accounts/register/", form_data())
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(uscc="91310115MA1K3YJ12G")
    user = User.objects.get(username="newco")
    assert user.enterprise == enterprise and user.role == "enterprise" and user.mobile == "13912345678"
    assert enterprise.recommending_unit == pudong
    assert AuditEntry.objects.filter(action="enterprise.register", object_id=str(enterprise.pk)).exists()
    # logged in straight away: the home page is the enterprise's
    assert "上海新注册智能制造有限公司" in client.get("/").content.decode()


def test_duplicate_uscc_is_refused_with_a_clear_message(client, pudong):
    EnterpriseFactory(uscc="91310115MA1K3YJ12G", recommending_unit=pudong)
    response = client.post("/accounts/register/", form_data())
    assert response.status_code == 200
    assert "该统一社会信用代码的企业已注册账户" in response.content.decode()
    assert Enterprise.objects.count() == 1 and not User.objects.filter(username="newco").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("uscc", "91310115MA1K3YJ120", "统一社会信用代码：统一社会信用代码校验位错误"),
        ("uscc", "9131011", "统一社会信用代码：统一社会信用代码应为 18 位"),
        ("contact_mobile", "1391234567", "联系人手机：手机号码应为 11 位数字"),
        ("contact_mobile", "23912345678", "联系人手机：手机号码应为 11 位数字"),
        ("district", "火星区", "所在区："),
        ("password2", "Other-pass-2025!", "确认密码：两次输入的密码不一致"),
        ("password1", "123", "密码："),
        ("name", "", "企业名称："),
    ],
)
def test_field_errors_name_the_field_and_save_nothing(client, pudong, field, value, message):
    response = client.post("/accounts/register/", form_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Enterprise.objects.exists() and not User.objects.exists()
    assert not AuditEntry.objects.exists()


def test_register_page_renders_for_anyone(client):
    RecommendingUnit.objects.create(name="浦东新区科技和经济委员会", kind="district", district="浦东新区")
    response = client.get("/accounts/register/")
    assert response.status_code == 200
    assert "统一社会信用代码" in response.content.decode()
