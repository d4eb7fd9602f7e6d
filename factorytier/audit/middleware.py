import ipaddress

from .context import request_context


class RequestContextMiddleware:
    """Makes the client address available to audit entries written by service functions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(ip=client_ip(request)):
            return self.get_response(request)


def client_ip(request) -> str | None:
    # Behind one reverse proxy (FACTORYTIER_TRUST_X_FORWARDED_FOR=1, implied by FACTORYTIER_HTTPS=1) the client
    # is the address our proxy appended last; earlier entries come from the client and can be forged.
    from django.conf import settings

    if getattr(settings, "FACTORYTIER_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and _is_ip(forwarded.split(",")[-1].strip()):
            return forwarded.split(",")[-1].strip()
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if _is_ip(remote) else None


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
