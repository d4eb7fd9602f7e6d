"""The commission's campaign view, chart, paper copies and streaming exports."""

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from factorytier.applications.models import State
from factorytier.jobs.models import Job
from factorytier.recommendations import services
from factorytier.recommendations.models import PaperReceipt

from ..factories import UnitFactory, enterprise_user, recommender

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_list(before_deadline, unit, campaign, officer, make_submitted):
    apps = [make_submitted(), make_submitted(pilot=True, confirmed=True), make_submitted()]
    make_submitted()  # left off the list: not recommended
    rl = services.list_for(unit, campaign, "excellent")
    for a in apps:
        rl = services.add_application(rl, a, officer, rl.version)
    return services.submit_list(rl, officer, rl.version), apps


def test_overview_counts_quota_list_and_chart(client, login, commission_user, submitted_list, campaign, unit):
    rl, apps = submitted_list
    login(commission_user)
    page = client.get(f"/recommendations/overview/?campaign={campaign.pk}").content.decode()
    assert unit.name in page and "2/6" in page  # three recommended, the confirmed 揭榜 unit does not count
    assert "已报送" in page and "<svg" in page and "<script" not in page.split("<main>")[1]
    assert "缺 3" in page


def test_overview_counts_the_frozen_pilot_status_not_the_live_one(client, login, commission_user, submitted_list,
                                                                 campaign, unit, make_submitted):
    """The 揭榜 status counted is the one frozen with the submission: unticking it afterwards keeps the
    exemption, ticking it afterwards (even registry-listed) lifts no quota."""
    rl, apps = submitted_list
    claimed, plain = apps[1].enterprise, apps[0].enterprise
    claimed.pilot_demo_locally_accepted = False
    claimed.save()
    login(commission_user)
    assert "2/6" in client.get(f"/recommendations/overview/?campaign={campaign.pk}").content.decode()
    claimed.pilot_demo_locally_accepted = True
    claimed.save()
    plain.pilot_demo_locally_accepted = True
    plain.save()
    from factorytier.recommendations.models import RegistryKind

    from .conftest import registry

    registry(RegistryKind.PILOT, plain.uscc)
    assert "2/6" in client.get(f"/recommendations/overview/?campaign={campaign.pk}").content.decode()


def test_overview_flags_over_quota(client, login, commission_user, campaign, unit, make_submitted, before_deadline):
    for _ in range(7):
        a = make_submitted()
        a.state = State.RECOMMENDED
        a.save()
    login(commission_user)
    page = client.get(f"/recommendations/overview/?campaign={campaign.pk}").content.decode()
    assert "7/6" in page and "超额" in page


def test_overview_is_the_commissions(client, login, officer):
    login(officer)
    assert client.get("/recommendations/overview/").status_code == 403


def test_paper_copy_matches_or_is_flagged(client, login, commission_user, submitted_list, campaign, unit):
    rl, apps = submitted_list
    login(commission_user)
    digest = apps[0].snapshots.first().digest
    client.post(f"/recommendations/paper/{apps[0].pk}/", {"digest": f"https://example/verify/{digest}"})
    client.post(f"/recommendations/paper/{apps[1].pk}/", {"digest": "0" * 64})
    client.post(f"/recommendations/paper/{apps[2].pk}/", {"digest": "not a digest"})
    assert PaperReceipt.objects.get(application=apps[0]).matches is True
    assert PaperReceipt.objects.get(application=apps[1]).matches is False
    assert not PaperReceipt.objects.filter(application=apps[2]).exists()
    page = client.get(f"/recommendations/paper/?campaign={campaign.pk}&unit={unit.pk}").content.decode()
    assert "纸质版一致" in page and "不一致" in page and "尚缺 1 份" in page and apps[2].enterprise.name in page


def test_paper_receipt_only_by_the_commission(client, login, officer, submitted_list):
    rl, apps = submitted_list
    login(officer)
    digest = apps[0].snapshots.first().digest
    assert client.post(f"/recommendations/paper/{apps[0].pk}/", {"digest": digest}).status_code == 403
    assert not PaperReceipt.objects.exists()


def test_export_of_everything_recommended(client, login, commission_user, submitted_list, campaign, django_capture_on_commit_callbacks):
    rl, apps = submitted_list
    login(commission_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/recommendations/campaigns/{campaign.pk}/export/recommended/")
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/" and job.status == Job.Status.DONE, job.message
    wb = load_workbook(io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content)))
    assert wb.sheetnames == ["卓越级", "领航级"]
    ws = wb["卓越级"]
    assert ws.max_row == 4
    header = [c.value for c in ws[1]]
    assert header[4] == "申报单位名称" and "1.关键设备数控化率（%）基线/现值" in header
    assert [ws.cell(r, 5).value for r in (2, 3, 4)] == [a.enterprise.name for a in apps]
    assert ws.cell(2, header.index("1.关键设备数控化率（%）基线/现值") + 1).value == "45/78.5"
    assert ws.cell(2, len(header)).value.startswith("1.工厂建设—数字孪生工厂构建")
    from factorytier.audit.models import AuditEntry

    assert AuditEntry.objects.get(action="recommendation.export").after["rows"] == 3


def test_zip_of_all_submitted_pdfs(client, login, commission_user, submitted_list, campaign,
                                   django_capture_on_commit_callbacks):
    """Every submitted application's real 申报书 PDF (rendered once, kept), under its tier, named by number."""
    rl, apps = submitted_list
    login(commission_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/recommendations/campaigns/{campaign.pk}/export/pdfs/")
    job = Job.objects.get()
    assert job.status == Job.Status.DONE, job.message
    zf = zipfile.ZipFile(io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content)))
    names = zf.namelist()
    assert len(names) == 4  # three recommended, one not: all submitted
    for app in apps:
        entry = next(n for n in names if app.number in n)
        assert entry.startswith("卓越级/") and zf.read(entry).startswith(b"%PDF")


def test_dossier_zip(client, login, commission_user, submitted_list, django_capture_on_commit_callbacks):
    rl, apps = submitted_list
    login(commission_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/recommendations/applications/{apps[0].pk}/dossier/")
    job = Job.objects.get()
    assert job.status == Job.Status.DONE, job.message
    zf = zipfile.ZipFile(io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content)))
    names = zf.namelist()
    snap = apps[0].snapshots.first()
    assert "snapshot.json" in names and zf.read("snapshot.sha256.txt").decode().startswith(snap.digest)
    assert json.loads(zf.read("snapshot.json"))["application"]["id"] == apps[0].pk
    pdf = next(n for n in names if n.endswith(".pdf"))
    docx = next(n for n in names if n.endswith(".docx"))
    assert zf.read(pdf).startswith(b"%PDF") and zf.read(docx).startswith(b"PK")  # the real renderings


def test_officer_cannot_export_or_fetch_a_dossier(client, login, submitted_list, campaign):
    rl, apps = submitted_list
    login(recommender(UnitFactory()))
    assert client.post(f"/recommendations/campaigns/{campaign.pk}/export/recommended/").status_code == 403
    assert client.post(f"/recommendations/applications/{apps[0].pk}/dossier/").status_code == 403
    login(enterprise_user(apps[0].enterprise))
    assert client.post(f"/recommendations/applications/{apps[0].pk}/dossier/").status_code == 403
    assert not Job.objects.exists()


def test_paper_copy_by_scanned_pdf(client, login, commission_user, submitted_list):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rl, apps = submitted_list
    login(commission_user)
    digest = apps[0].snapshots.first().digest
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n% scanned copy, text layer: " + digest.encode() + b"\n%%EOF")
    client.post(f"/recommendations/paper/{apps[0].pk}/", {"scan": scan})
    assert PaperReceipt.objects.get(application=apps[0]).matches is True
    client.post(f"/recommendations/paper/{apps[1].pk}/", {"scan": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert not PaperReceipt.objects.filter(application=apps[1]).exists()
