"""View guard: logged-out visitors go to the log-in page, logged-in users without the permission get 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def require_perm(perm: str, get_object=None):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, *args, **kwargs) if get_object else None
            if not request.user.has_perm(perm, obj):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
