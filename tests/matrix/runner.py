"""Trying one row for every role: each role in a savepoint that is rolled back, so every role meets the
same world; for writes the database is compared before and after."""

from __future__ import annotations

import json as jsonlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from .harness import ROLES, Row, changed_tables, fingerprint, matches


def _fill(value, world):
    if callable(value):
        return value(world)
    if isinstance(value, str):
        return value.format(**world.keys)
    return value


def log_in_everyone(world) -> None:
    """One session per role, made once with the world (a request may end its own, inside its savepoint)."""
    world.sessions = {}
    for role, user in world.users.items():
        if user is not None:
            client = Client()
            client.force_login(user, backend="factorytier.accounts.backends.UsernameOrMobileBackend")
            world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value


def client_for(role: str, world) -> Client:
    client = Client(raise_request_exception=False)
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def request(client: Client, row: Row, world):
    url = row.url.format(**world.keys)
    headers = {k: _fill(v, world) for k, v in row.headers.items()}
    kwargs = {"headers": headers}
    if row.json is not None:
        body = _fill(row.json, world) if callable(row.json) else row.json
        kwargs.update(data=jsonlib.dumps(body), content_type="application/json")
    elif row.data is not None:
        data = row.data(world) if callable(row.data) else row.data
        kwargs["data"] = {k: _fill(v, world) for k, v in data.items()}
    method = getattr(client, row.method.lower())
    return method(url, **kwargs)


def describe(response) -> str:
    location = response.get("Location", "")
    return f"{response.status_code}{' → ' + location if location else ''}"


def run_row(row: Row, world) -> list[str]:
    """Problems found for this row (empty when every role got its answer and writes were right)."""
    problems = []
    for role in ROLES:
        cache.clear()
        sid = transaction.savepoint()
        try:
            client = client_for(role, world)
            before = fingerprint() if row.is_write else None
            response = request(client, row, world)
            after = fingerprint() if row.is_write else None
        finally:
            transaction.savepoint_rollback(sid)
        expected = row.expect[role]
        if not matches(expected, response, world):
            problems.append(f"{role}: expected {expected}, got {describe(response)}")
        if row.is_write:
            changed = changed_tables(before, after)
            if role in row.writes and not changed:
                problems.append(f"{role}: should have changed the database, changed nothing ({describe(response)})")
            if role not in row.writes and changed:
                problems.append(f"{role}: must not change the database, changed {changed} ({describe(response)})")
    return problems
