"""In-site notices and e-mail, queued after the change that causes them has committed. Each is worded in its
recipient's language (`User.language`): callers pass translatable texts (see `texts`), not worded strings."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django_tasks import task

from factorytier.core import clock

from .models import EmailPreference, Notice
from .texts import Day, Lines, Text, application_text, english, language_of, word

__all__ = ["Day", "Lines", "Text", "application_text", "notify", "send_digests", "send_notice_mail"]


@task()
def send_notice_mail(recipients: list[str], subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)


def notify(users, subject, body="", link: str = "") -> None:
    """A notice for each user, and a mail for those who take them at once: `subject` and `body` are texts
    (a str is put in as it is; a lazy translation, `Text`, `Lines` or callable is worded per recipient)."""
    users = [u for u in users if u is not None]
    languages = {language_of(u) for u in users}
    worded = {}
    for language in languages:
        with translation.override(language):
            s, b = word(subject), word(body)
            worded[language] = (s, b, gettext("[智能工厂梯度培育] %(subject)s") % {"subject": s})
    now = clock.now()
    Notice.objects.bulk_create([Notice(user=u, subject=worded[language_of(u)][0], body=worded[language_of(u)][1],
                                       link=link, created_at=now, language=language_of(u)) for u in users])
    # Users who asked for a daily digest get this notice in `send_digests` instead of a mail of its own.
    with_email = [u.pk for u in users if u.email]
    digest = set(EmailPreference.objects.filter(user__in=with_email, mode=EmailPreference.Mode.DIGEST)
                 .values_list("user_id", flat=True)) if with_email else set()
    for language in sorted(languages):
        recipients = sorted({u.email for u in users if u.email and u.pk not in digest and language_of(u) == language})
        if recipients:
            _subject, body_text, mail_subject = worded[language]
            full = f"{body_text}\n\n{settings.FACTORYTIER_BASE_URL}{link}" if link else body_text
            transaction.on_commit(lambda r=recipients, s=mail_subject, b=full: send_notice_mail.enqueue(r, s, b))


def _digest_line(notice) -> str:
    at = notice.created_at.astimezone(clock.SHANGHAI)
    when = date_format(at, "j M H:i") if english() else f"{at:%m-%d %H:%M}"
    return f"{when} {notice.subject}\n{notice.body}".strip()


def send_digests() -> int:
    """One mail per digest user with the notices since their last digest, in the user's language; returns
    how many were sent. The notices themselves are quoted as they were written."""
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
            with translation.override(language_of(user)):
                subject = ngettext("[智能工厂梯度培育] 每日通知汇总（%(n)s 条）", "[智能工厂梯度培育] 每日通知汇总（%(n)s 条）",
                                   len(items)) % {"n": len(items)}
                lines = [_digest_line(n) for n in items]
            send_mail(subject, "\n\n".join(lines) + f"\n\n{settings.FACTORYTIER_BASE_URL}/notices/",
                      settings.DEFAULT_FROM_EMAIL, [user.email])
            sent += 1
        pref.last_digest_at = now
        pref.save(update_fields=["last_digest_at"])
    return sent
