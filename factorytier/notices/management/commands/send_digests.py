"""Daily: one e-mail per user who chose the digest, with the notices since the last one (run from cron)."""

from django.core.management.base import BaseCommand

from factorytier.notices.services import send_digests


class Command(BaseCommand):
    help = "Send the daily notice digest to users who chose it"

    def handle(self, *args, **options):
        self.stdout.write(f"已发送 {send_digests()} 封汇总邮件")
