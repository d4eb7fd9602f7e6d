"""In-site notices and e-mail, queued after the change that causes them has committed."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from factorytier.core import clock

from .models import Notice


@task()
def send_notice_mail(recipients: list[str], subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)


def notify(users, subject: str, body: str = "", link: str = "") -> None:
    users = [u for u in users if u is not None]
    now = clock.now()
    Notice.objects.bulk_create([Notice(user=u, subject=subject, body=body, link=link, created_at=now) for u in users])
    recipients = sorted({u.email for u in users if u.email})
    if recipients:
        full = f"{body}\n\n{settings.FACTORYTIER_BASE_URL}{link}" if link else body
        transaction.on_commit(lambda: send_notice_mail.enqueue(recipients, f"[智能工厂梯度培育] {subject}", full))
