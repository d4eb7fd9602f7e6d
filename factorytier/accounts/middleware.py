from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils.translation import gettext

from factorytier.core import clock

STARTED = "_ft_started_at"
SEEN = "_ft_last_seen"
# Write the last-seen time at most once a minute: the session is not saved on every request.
SEEN_GRANULARITY = 60


def start_session_clock(request) -> None:
    """Called on log-in: the 12 hours start now."""
    session = getattr(request, "session", None)
    if session is not None:
        session[STARTED] = session[SEEN] = clock.now().timestamp()


class SessionTimeoutMiddleware:
    """A logged-in session ends after FACTORYTIER_SESSION_IDLE_SECONDS (2 hours) without a request, and after
    FACTORYTIER_SESSION_MAX_SECONDS (12 hours) in all, whatever the activity. Times follow `core.clock`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = clock.now().timestamp()
            session = request.session
            started = session.get(STARTED)
            seen = session.get(SEEN)
            idle = getattr(settings, "FACTORYTIER_SESSION_IDLE_SECONDS", 2 * 3600)
            longest = getattr(settings, "FACTORYTIER_SESSION_MAX_SECONDS", 12 * 3600)
            if started is None:
                session[STARTED] = session[SEEN] = now
            elif now - started > longest or (seen is not None and now - seen > idle):
                reason = gettext("登录已超过 12 小时") if now - started > longest else gettext("长时间未操作")
                logout(request)
                if request.path.startswith("/api/") or request.headers.get("HX-Request"):
                    return JsonResponse({"detail": gettext("%(reason)s，请重新登录") % {"reason": reason}}, status=401)
                messages.info(request, gettext("%(reason)s，为保护您的账户已自动退出，请重新登录。") % {"reason": reason})
                return redirect_to_login(request.get_full_path())
            elif seen is None or now - seen >= SEEN_GRANULARITY:
                session[SEEN] = now
        return self.get_response(request)
