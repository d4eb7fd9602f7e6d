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
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connections, router
from django.db.models import Q, Sum

from factorytier.core import rows


def account_by_name(given: str):
    """The account with this user name or mobile number (the lowest id if both match), by one fixed statement:
    every log-in asks, and the ORM spent ≈0.5 ms building the same OR query each time."""
    from .models import User

    table = User._meta.db_table
    row = rows.fetch_one(User, f'SELECT {rows.select_list(User)} FROM "{table}" WHERE "{table}"."username" = %s '
                               f'OR "{table}"."mobile" = %s ORDER BY "{table}"."id" LIMIT 1', [given, given])
    return rows.instance(User, row, router.db_for_read(User)) if row is not None else None


def canonical_username(request, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the account's user name whatever name the form was given."""

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
    user = account_by_name(given)
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


def _counted_by_pair() -> bool:
    """The configuration the fixed statements below are written for (the project's settings)."""
    return (settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]] and settings.AXES_COOLOFF_TIME is not None
            and not getattr(settings, "AXES_USE_ATTEMPT_EXPIRATION", False))


def pair_and_address_failures(request, credentials: dict | None) -> tuple[int, int]:
    """(failures of this account from this address, failures from this address for any account) within the
    cool-off time, by one statement: the pair's rows are among the address's. Through the ORM these were two
    aggregates, ≈1 ms of CPU on every log-in."""
    ip_address = getattr(request, "axes_ip_address", None)
    if not ip_address:
        return 0, 0
    username = get_client_username(request, credentials)
    table = AccessAttempt._meta.db_table
    # Axes filters the pair with `username=username`, which is IS NULL for a post without a name.
    same_account = '"username" IS NULL' if username is None else '"username" = %s'
    sql = (f'SELECT COALESCE(SUM(CASE WHEN {same_account} THEN "failures_since_start" ELSE 0 END), 0), '
           f'COALESCE(SUM("failures_since_start"), 0) FROM "{table}" WHERE "ip_address" = %s AND "attempt_time" >= %s')
    connection = connections[router.db_for_read(AccessAttempt)]
    since = connection.ops.adapt_datetimefield_value(get_cool_off_threshold(request))  # as the ORM writes it
    params = [*([] if username is None else [username]), ip_address, since]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pair, address = cursor.fetchone()
    return int(pair), int(address)


class PairAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler, plus the per-address limit across accounts."""

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        if not _counted_by_pair():
            return super().clean_expired_user_attempts(request, credentials)
        expired = Q(attempt_time__lte=get_cool_off_threshold(request))
        if not getattr(request, "_ft_successful_login", False):
            return delete_found(AccessAttempt.objects.filter(expired))
        # After a successful log-in axes asks for this and then for `reset_user_attempts` (the pair's own):
        # one light read finds both, usually nothing.
        pair = Q(username=get_client_username(request, credentials), ip_address=request.axes_ip_address)
        request._ft_pair_reset = True
        return delete_found(AccessAttempt.objects.filter(expired | pair))

    def reset_user_attempts(self, request, credentials=None) -> int:
        if getattr(request, "_ft_pair_reset", False):
            return 0  # found (and deleted) with the expired ones just before
        return sum(delete_found(attempts) for attempts in self.filter_user_attempts(request, credentials))

    def user_logged_in(self, sender, request, user, **kwargs):
        request._ft_successful_login = True
        try:
            super().user_logged_in(sender, request, user, **kwargs)
        finally:
            request._ft_successful_login = request._ft_pair_reset = False

    def get_failures(self, request, credentials: dict | None = None) -> int:
        if _counted_by_pair():
            pair, address = pair_and_address_failures(request, credentials)
        else:
            pair, address = super().get_failures(request, credentials), ip_failures(getattr(request, "axes_ip_address", None), request)
        if address >= ip_failure_limit():
            return max(pair, int(settings.AXES_FAILURE_LIMIT))
        return pair
