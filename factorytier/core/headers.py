"""Response headers every page gets (see settings: CSP, HSTS, Referrer-Policy, X-Frame-Options)."""

from django.utils.cache import add_never_cache_headers, patch_cache_control


def is_download(response) -> bool:
    disposition = response.get("Content-Disposition", "")
    return getattr(response, "streaming", False) or disposition.startswith(("attachment", "inline"))


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page a logged-in user sees and on every download, so neither a shared
    proxy nor the browser's cache keeps an application, an export or a document."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or is_download(response) or request.path.startswith("/api/"):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
