from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from factorytier.core import rows

from .models import User


class UsernameOrMobileBackend(ModelBackend):
    """Log in with the user name or the 11-digit mobile number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = User.objects.filter(Q(username=username) | Q(mobile=username)).order_by("id").first()
        if user is None:
            User().set_password(password)  # same work as a real check, against timing probes
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The logged-in user of a request (every request asks): one fixed statement, see `core.rows`."""
        user = rows.by_pk(User, user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
