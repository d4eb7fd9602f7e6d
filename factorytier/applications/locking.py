"""The locked read that every save and every move of an application starts with.

`FOR UPDATE OF` the application row alone (never the campaign row that every application of a batch
shares); on SQLite the writer's lock is taken at BEGIN (`transaction_mode` IMMEDIATE). The row comes with its
campaign and enterprise, by one fixed statement: building the same locked, joined query through the ORM cost
≈1 ms of CPU a save (see `core.rows`), and on deadline day every applicant saves five times."""

from __future__ import annotations

from django.db import connections, router

from factorytier.accounts.models import Enterprise
from factorytier.campaigns.models import Campaign
from factorytier.core import rows

from .models import Application


def _statement(using: str) -> str:
    applications, campaigns, enterprises = (m._meta.db_table for m in (Application, Campaign, Enterprise))
    lock = f' FOR UPDATE OF "{applications}"' if connections[using].features.has_select_for_update_of else ""
    return (f'SELECT {rows.select_list(Application)}, {rows.select_list(Campaign)}, {rows.select_list(Enterprise)} '
            f'FROM "{applications}" INNER JOIN "{campaigns}" ON "{campaigns}"."id" = "{applications}"."campaign_id" '
            f'INNER JOIN "{enterprises}" ON "{enterprises}"."id" = "{applications}"."enterprise_id" '
            f'WHERE "{applications}"."id" = %s{lock}')


def locked_application(pk: int) -> Application | None:
    """The application with this primary key, its row locked until the transaction ends, or None. Call it
    inside `transaction.atomic()`; who may act on the row is the caller's to check."""
    using = router.db_for_write(Application)
    row = rows.fetch_one(Application, _statement(using), [pk])
    if row is None:
        return None
    a, c = rows.width(Application), rows.width(Campaign)
    application = rows.instance(Application, row[:a], using)
    application.campaign = rows.instance(Campaign, row[a:a + c], using)
    application.enterprise = rows.instance(Enterprise, row[a + c:], using)
    return application
