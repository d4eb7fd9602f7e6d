"""The permission matrix's machinery: roles, expected answers, rows, discovery, the database fingerprint.

A row is one request (method, URL template, body) with the answer every role must get. Rows live in
`tests/matrix/rows_*.py` modules, each with a module-level `ROWS` list and, optionally, an
`extend_world(world)` hook that adds the objects its rows need. Nothing here needs editing to add rows.
"""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "anon",  # logged out
    "ent_a",  # a user of enterprise A (the owner of most objects)
    "ent_b",  # a user of enterprise B (another district)
    "officer",  # an officer of A's recommending unit
    "officer_other",  # an officer of another unit (B's)
    "expert_assigned",  # an expert assigned to A's submitted application
    "expert_unassigned",  # an expert with no assignment
    "commission",
    "admin",
)
LOGGED_IN = ROLES[1:]

# Expected answers: an HTTP status, or one of these.
LOGIN = "login"  # 302 to the log-in page
ANY_REDIRECT = "redirect"  # 302 anywhere (a form handled, with a message on the next page)


def redirect_to(prefix: str) -> str:
    """302 whose Location starts with `prefix` (after the world's keys are filled in)."""
    return "302:" + prefix


def expect(default, **per_role) -> dict[str, Any]:
    """The answer for every role: `default`, except those named (`expect(404, ent_a=200, anon=LOGIN)`)."""
    unknown = set(per_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles in a matrix row: {sorted(unknown)}")
    return {role: per_role.get(role, default) for role in ROLES}


@dataclass
class Row:
    method: str
    url: str  # a template: "/applications/{draft_a}/edit/" — keys come from the world
    expect: dict[str, Any]
    data: dict | None = None  # form fields (multipart/urlencoded); callables get the world
    json: Any = None  # a JSON body (callable: gets the world)
    headers: dict[str, str] = field(default_factory=dict)  # may use world keys too
    # Roles whose request must change the database. Every other role's write must leave it unchanged.
    writes: frozenset[str] | set[str] = frozenset()
    note: str = ""

    def __post_init__(self):
        self.method = self.method.upper()
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.method} {self.url}: no expected answer for {sorted(missing)}")
        unknown = set(self.writes) - set(ROLES)
        if unknown:
            raise ValueError(f"{self.method} {self.url}: unknown roles in writes: {sorted(unknown)}")

    @property
    def id(self) -> str:
        return f"{self.method} {self.url}"

    @property
    def is_write(self) -> bool:
        return self.method not in ("GET", "HEAD", "OPTIONS")


def row_modules():
    """Every `tests/matrix/rows_*.py` module, found by name: adding a file adds its rows and world hook."""
    from tests import matrix

    names = sorted(m.name for m in pkgutil.iter_modules(matrix.__path__) if m.name.startswith("rows_"))
    return [importlib.import_module(f"tests.matrix.{name}") for name in names]


def all_rows() -> list[Row]:
    rows = []
    for module in row_modules():
        rows.extend(getattr(module, "ROWS", []))
    return rows


# URL patterns that need no row of their own: Django's admin site guards all its generated pages alike
# (staff only); rows_admin.py tries a few of them.
EXEMPT_PREFIXES = ("admin/",)


def route_of(url: str) -> str:
    """The URL pattern (route string) a concrete URL resolves to."""
    from django.urls import resolve

    return resolve(url.split("?")[0]).route


# Tables that change on any request and say nothing about who may do what.
UNCOMPARED_TABLES = {
    "django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog",
    "rendering_verifyattempt", "django_tasks_database_dbtaskresult",
}


def fingerprint() -> dict[str, str]:
    """A digest of every row of every model's table (those that record who may do what)."""
    from django.apps import apps

    out = {}
    for model in apps.get_models():
        table = model._meta.db_table
        if table in UNCOMPARED_TABLES or not model._meta.managed or model._meta.proxy:
            continue
        rows = list(model._base_manager.order_by("pk").values_list())
        out[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))


def matches(expected, response, world) -> bool:
    status = response.status_code
    location = response.get("Location", "")
    if expected == LOGIN:
        return status == 302 and location.startswith("/accounts/login/")
    if expected == ANY_REDIRECT:
        return status == 302
    if isinstance(expected, str) and expected.startswith("302:"):
        return status == 302 and location.startswith(expected[4:].format(**world.keys))
    if isinstance(expected, tuple):
        return status in expected
    return status == expected
