import pytest

from factorytier.accounts.choices import Role
from factorytier.core import clock

from .factories import PASSWORD, UserFactory, enterprise_user, ready_application


@pytest.fixture(autouse=True)
def _unfrozen_clock():
    yield
    clock.set_now(None)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Throttles and lock-outs counted in the cache must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def before_deadline():
    """A moment when the 2025 campaign's stages are open."""
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        yield


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user, backend="factorytier.accounts.backends.UsernameOrMobileBackend")
        return client

    return _login


@pytest.fixture
def commission_user(db):
    return UserFactory(role=Role.COMMISSION)


@pytest.fixture
def expert_user(db):
    return UserFactory(role=Role.EXPERT)


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def draft(db):
    """A 卓越级 draft that passes every submission check."""
    return ready_application()


@pytest.fixture
def editor(draft, login):
    """A client logged in as a user of the draft's enterprise."""
    return login(enterprise_user(draft.enterprise))


def all_url_patterns() -> list[str]:
    """Every URL pattern of the site, as route strings (admin and API included)."""
    from django.urls import get_resolver

    out = []

    def walk(resolver, prefix=""):
        for p in resolver.url_patterns:
            if hasattr(p, "url_patterns"):
                walk(p, prefix + str(p.pattern))
            else:
                out.append(prefix + str(p.pattern))

    walk(get_resolver())
    return out
