from django.db import transaction

from .models import Job
from .registry import handler_for


def start_job(owner, kind: str, label: str, params: dict | None = None, queue: str = "default") -> Job:
    """Queue a job for the task worker; the job is enqueued only once its row is committed."""
    handler_for(kind)  # unknown kinds fail here, in the request, not later in the worker
    job = Job.objects.create(owner=owner, kind=kind, label=label, params=params or {})
    from .tasks import run_job

    transaction.on_commit(lambda: run_job.using(queue_name=queue).enqueue(str(job.pk)))
    return job
