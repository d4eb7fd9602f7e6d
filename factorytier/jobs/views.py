from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from .models import Job


def _own_job(request, pk) -> Job:
    return get_object_or_404(Job, pk=pk, owner=request.user)


@login_required
def job_detail(request, pk):
    job = _own_job(request, pk)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, pk):
    job = _own_job(request, pk)
    if job.status != Job.Status.DONE or not job.result_file:
        raise Http404("文件尚未生成")
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
