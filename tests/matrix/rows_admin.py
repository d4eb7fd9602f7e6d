"""Rows for Django's admin site. Its many generated pages share one guard (staff only), so the matrix
tries the index, one list and one change page; `harness.EXEMPT_PREFIXES` exempts the rest from coverage."""

from .harness import Row, expect, redirect_to

TO_ADMIN_LOGIN = redirect_to("/admin/login/")

ROWS = [
    Row("GET", "/admin/", expect(TO_ADMIN_LOGIN, admin=200)),
    Row("GET", "/admin/applications/application/", expect(TO_ADMIN_LOGIN, admin=200)),
    Row("GET", "/admin/applications/application/{sub_a}/change/", expect(TO_ADMIN_LOGIN, admin=200)),
    Row("GET", "/admin/login/", expect(200, admin=redirect_to("/admin/"))),
]
