import logging
from pathlib import Path

from django.core.files.base import ContentFile, File
from django_tasks import task

from factorytier.core import clock

from .models import Job
from .registry import handler_for

log = logging.getLogger(__name__)


@task()
def run_job(job_id: str) -> None:
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, progress=1, message="开始处理")

    def report(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(progress=max(1, min(99, int(percent))), message=message[:300])

    try:
        name, data = handler_for(job.kind)(job, report)
    except Exception as exc:  # the page must say it failed rather than spin for ever
        log.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, message=f"处理失败：{exc}"[:300], finished_at=clock.now()
        )
        return
    job.refresh_from_db()
    if isinstance(data, Path):
        # A large result written to a temporary file by the handler: streamed into storage, then removed.
        try:
            with data.open("rb") as fh:
                job.result_file.save(name, File(fh), save=False)
        finally:
            data.unlink(missing_ok=True)
    else:
        job.result_file.save(name, ContentFile(data), save=False)
    job.result_name = name
    job.status = Job.Status.DONE
    job.progress = 100
    job.message = "已完成"
    job.finished_at = clock.now()
    job.save()
