"""Send the 90- and 30-day warnings of cultivation periods ending (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from factorytier.cultivation.services import send_warnings


class Command(BaseCommand):
    help = "Warn 培育对象 and the commission 90 and 30 days before a cultivation period ends (once each)"

    def handle(self, *args, **options):
        sent = send_warnings()
        self.stdout.write(f"培育期到期提醒：发出 {sent} 条")
