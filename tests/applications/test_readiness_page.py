import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factorytier.applications.models import Evidence, Readiness
from factorytier.audit.models import AuditEntry
from factorytier.core import clock

from ..factories import CampaignFactory, enterprise_user, scenario_form_data

pytestmark = pytest.mark.django_db

DECLARED = ["R.B1", "R.B2", "R.B3", "R.B4", "R.BA.E", "R.AD.E1", "R.AD.E2", "R.EX.E2", "R.EX.E3", "R.EX.E4", "N.EX.3"]


def post_data(**overrides):
    data = {
        "cmmm_level": "3", "cmmm_certificate_no": "CMMM-2024-0001", "cmmm_certificate_date": "2024-05-20",
        "current_rating": "advanced",
    }
    data.update(scenario_form_data(DECLARED))
    data.update(overrides)
    return data


@pytest.fixture
def user(login):
    CampaignFactory(application_deadline=clock.shanghai(2099, 1, 1), recommendation_deadline=clock.shanghai(2099, 1, 1))
    u = enterprise_user()
    login(u)
    return u


def test_saving_answers_shows_the_ladder_and_what_this_campaign_allows(client, user):
    response = client.post("/applications/readiness/", post_data(**{
        "ev_R_B1": SimpleUploadedFile("规模以上证明.pdf", b"%PDF-1.7\n1 0 obj"),
    }), follow=True)
    body = response.content.decode()
    assert "自评信息已保存" in body
    assert "目前可申报 <strong>卓越级</strong>" in body
    assert "R.LD.E1" in body and "条款原文" in body  # the next tier's gap, clause text on expand
    readiness = Readiness.objects.get(enterprise=user.enterprise)
    assert readiness.cmmm_certificate_no == "CMMM-2024-0001" and len(readiness.scenarios) == 5
    assert Evidence.objects.get(readiness=readiness).clause == "R.B1"
    assert AuditEntry.objects.filter(action="readiness.update").exists()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"cmmm_certificate_no": ""}, "评估证书编号"),
    ({"cmmm_certificate_date": "2099-01-01"}, "证书日期不能晚于今天"),
    ({"cmmm_certificate_date": "昨天"}, "请输入有效的日期"),
    ({"cmmm_level": "9"}, "请从列表中选择成熟度等级"),
    ({"sc-1-instance": ""}, "实例名"),
    ({"ev_R_B2": SimpleUploadedFile("x.pdf", b"MZ\x90\x00")}, "按文件内容判断"),
])
def test_bad_answers_are_refused_at_the_field(client, user, overrides, message):
    body = client.post("/applications/readiness/", post_data(**overrides), follow=True).content.decode()
    assert message in body
    readiness = Readiness.objects.get(enterprise=user.enterprise)
    assert readiness.cmmm_level == 0 and not readiness.scenarios and not Evidence.objects.exists()


def test_a_refused_evidence_upload_is_said_at_the_top_and_at_its_field(client, user):
    """Issue 12 item 3: nothing saved, the top says so and the clause's file field carries the message."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from factorytier.applications.models import Evidence, Readiness

    field = "ev_R_B1"
    data = post_data(**{field: SimpleUploadedFile("证明.pdf", b"MZ\x90\x00" + b"\0" * 64)})
    body = client.post("/applications/readiness/", data).content.decode()
    assert 'id="save-failed"' in body and "未保存" in body
    assert f'aria-describedby="{field}_error"' in body
    error = body[body.index(f'id="{field}_error"'):]
    assert "按文件内容判断" in error[:400]
    assert not Evidence.objects.exists()
    assert not Readiness.objects.filter(enterprise=user.enterprise, cmmm_level=3).exists()
