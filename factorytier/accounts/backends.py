from django.contrib.auth.backends import ModelBackend

from factorytier.core import rows

from .lockout import account_by_name
from .models import Enterprise, RecommendingUnit, User


def _user_statement() -> str:
    """The user with the name of their enterprise or unit, which every page's navigation bar shows
    (`User.organisation`): one statement instead of a second read of the enterprise or unit."""
    users, enterprises, units = User._meta.db_table, Enterprise._meta.db_table, RecommendingUnit._meta.db_table
    return (f'SELECT {rows.select_list(User)}, "{enterprises}"."name", "{units}"."name" FROM "{users}" '
            f'LEFT OUTER JOIN "{enterprises}" ON "{enterprises}"."id" = "{users}"."enterprise_id" '
            f'LEFT OUTER JOIN "{units}" ON "{units}"."id" = "{users}"."unit_id" WHERE "{users}"."id" = %s')


def user_with_organisation(user_id) -> User | None:
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    row = rows.fetch_one(User, _user_statement(), [user_id])
    if row is None:
        return None
    width = rows.width(User)
    user = rows.instance(User, row[:width])
    user.organisation_names = (row[width], row[width + 1])
    return user


class UsernameOrMobileBackend(ModelBackend):
    """Log in with the user name or the 11-digit mobile number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        # The lock-out check looked this account up a moment ago (`lockout.canonical_username`).
        known = getattr(request, "_ft_login_accounts", None) or {}
        user = known[username] if username in known else account_by_name(username)
        if user is None:
            User().set_password(password)  # same work as a real check, against timing probes
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The logged-in user of a request (every request asks): one fixed statement, see `core.rows`."""
        user = user_with_organisation(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
