"""View guard: logged-out visitors go to the log-in page, logged-in users without the permission get 403."""

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def can(user, perm: str, obj=None) -> bool:
    """The permission's rule itself. Unlike `user.has_perm`, a superuser is not let through
    everything: an administrator may not, say, submit an enterprise's application."""
    return bool(user.is_authenticated and user.is_active and rules.has_perm(perm, user, obj))


def require_perm(perm: str, get_object=None):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, *args, **kwargs) if get_object else None
            if not can(request.user, perm, obj):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
