from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from factorytier.audit.services import record


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record(user, "user.login", user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(user, "user.logout", user)
