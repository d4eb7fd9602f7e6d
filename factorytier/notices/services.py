"""In-site notices and e-mail, queued after the change that causes them has committed."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from factorytier.core import clock

from .models import EmailPreference, Notice


@task()
def send_notice_mail(recipients: list[str], subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)


def notify(users, subject: str, body: str = "", link: str = "") -> None:
    users = [u for u in users if u is not None]
    now = clock.now()
    Notice.objects.bulk_create([Notice(user=u, subject=subject, body=body, link=link, created_at=now) for u in users])
    # Users who asked for a daily digest get this notice in `send_digests` instead of a mail of its own.
    digest = set(EmailPreference.objects.filter(user__in=[u.pk for u in users if u.email],
                                                mode=EmailPreference.Mode.DIGEST).values_list("user_id", flat=True))
    recipients = sorted({u.email for u in users if u.email and u.pk not in digest})
    if recipients:
        full = f"{body}\n\n{settings.FACTORYTIER_BASE_URL}{link}" if link else body
        transaction.on_commit(lambda: send_notice_mail.enqueue(recipients, f"[智能工厂梯度培育] {subject}", full))


def send_digests() -> int:
    """One mail per digest user with the notices since their last digest; returns how many were sent."""
    sent = 0
    now = clock.now()
    for pref in EmailPreference.objects.filter(mode=EmailPreference.Mode.DIGEST).select_related("user"):
        user = pref.user
        if not user.email or not user.is_active:
            continue
        notices = user.notices.filter(created_at__lte=now)
        if pref.last_digest_at:
            notices = notices.filter(created_at__gt=pref.last_digest_at)
        items = list(notices.order_by("created_at", "id")[:200])
        if items:
            lines = [f"{n.created_at.astimezone(clock.SHANGHAI):%m-%d %H:%M} {n.subject}\n{n.body}".strip() for n in items]
            send_mail(f"[智能工厂梯度培育] 每日通知汇总（{len(items)} 条）", "\n\n".join(lines) +
                      f"\n\n{settings.FACTORYTIER_BASE_URL}/notices/", settings.DEFAULT_FROM_EMAIL, [user.email])
            sent += 1
        pref.last_digest_at = now
        pref.save(update_fields=["last_digest_at"])
    return sent
