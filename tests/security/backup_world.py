"""Run as a script against a real (non-test) database: `make` builds a campaign with submitted applications,
versions, attachments and audit entries; `measure` prints the inventory the restore is compared with."""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factorytier.settings")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

from factorytier.core import clock  # noqa: E402
from factorytier.core.backup import inventory  # noqa: E402


def make():
    from factorytier.applications.models import Application, Attachment, State
    from factorytier.audit.services import record

    call_command("demo", verbosity=0)
    submitted = list(Application.objects.exclude(state=State.DRAFT).order_by("id")[:3])
    assert submitted, "the demo data has submitted applications"
    for n, application in enumerate(submitted):
        for k in range(2):
            body = f"附件 {application.pk}-{k}：证书扫描件\n".encode() * (50 + n)
            import hashlib

            attachment = Attachment(application=application, name=f"证书{k}.pdf", size=len(body),
                                    content_type="application/pdf", sha256=hashlib.sha256(body).hexdigest(),
                                    uploaded_at=clock.now())
            attachment.file.save(f"证书{k}.pdf", ContentFile(body), save=False)
            attachment.save()
            record(None, "attachment.add", attachment, after={"name": attachment.name, "sha256": attachment.sha256})


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make()
    print(json.dumps(inventory(), ensure_ascii=False))
