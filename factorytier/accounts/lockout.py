"""Log-in lock-out (django-axes), counted the way an attacker cannot game.

* One account, one counter: a log-in by user name or by mobile number is counted under the account's user name
  (`canonical_username`), so the two names do not give 10 guesses, and a success by either clears only
  what the account earned from that address.
* The lock is on the (account, client address) pair: five wrong passwords from one address lock that account
  *from that address*. Anonymous posts from elsewhere cannot lock the owner (or the administrator) out.
* Each client address also has its own limit (`FACTORYTIER_IP_FAILURE_LIMIT`, default 20 failures within the
  cool-off time, whatever accounts they were for): trying 40 accounts from one address locks that address.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, Sum


def canonical_username(request, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the account's user name whatever name the form was given."""
    from .models import User

    given = (credentials or {}).get("username")
    if given is None and request is not None and hasattr(request, "POST"):
        given = request.POST.get("username")
    if not given:
        return given
    given = str(given).strip()[:150]
    # Axes asks several times per log-in (the lock check, then the success or failure): look it up once.
    known = getattr(request, "_ft_canonical_usernames", None) if request is not None else None
    if known is not None and given in known:
        return known[given]
    user = User.objects.filter(Q(username=given) | Q(mobile=given)).order_by("id").first()
    canonical = user.username if user is not None else given
    if request is not None:
        try:
            request._ft_canonical_usernames = {**(known or {}), given: canonical}
            # The log-in backend checks the password of this same account (`backends.authenticate`).
            request._ft_login_accounts = {**getattr(request, "_ft_login_accounts", {}), given: user}
        except AttributeError:  # a request object that takes no attributes
            pass
    return canonical


def ip_failure_limit() -> int:
    return int(getattr(settings, "FACTORYTIER_IP_FAILURE_LIMIT", 20))


def ip_failures(ip_address: str | None, request=None) -> int:
    if not ip_address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def delete_found(attempts) -> int:
    """Delete these attempts, asking first with a light read: on a successful log-in there is usually
    nothing to delete, and Django's delete of a model with signals reads the rows and opens a transaction
    even then (four statements for nothing, twice per log-in)."""
    count = 0
    while pks := list(attempts.values_list("pk", flat=True)[:500]):
        deleted, _ = AccessAttempt.objects.filter(pk__in=pks).delete()
        count += deleted
        if len(pks) < 500:
            break
    return count


class PairAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler, plus the per-address limit across accounts."""

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        if settings.AXES_COOLOFF_TIME is None or getattr(settings, "AXES_USE_ATTEMPT_EXPIRATION", False):
            return super().clean_expired_user_attempts(request, credentials)
        return delete_found(AccessAttempt.objects.filter(attempt_time__lte=get_cool_off_threshold(request)))

    def reset_user_attempts(self, request, credentials=None) -> int:
        return sum(delete_found(attempts) for attempts in self.filter_user_attempts(request, credentials))

    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair = super().get_failures(request, credentials)
        if ip_failures(getattr(request, "axes_ip_address", None), request) >= ip_failure_limit():
            return max(pair, int(settings.AXES_FAILURE_LIMIT))
        return pair
