import contextlib
import contextvars

_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_ip", default=None)


@contextlib.contextmanager
def request_context(ip: str | None):
    token = _ip.set(ip)
    try:
        yield
    finally:
        _ip.reset(token)


def current_ip() -> str | None:
    return _ip.get()
