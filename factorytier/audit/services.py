"""The one way to write the audit log. Call it inside the transaction that makes the change."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models

from factorytier.core import clock, rows

from .context import current_ip
from .models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(clock.SHANGHAI).isoformat()
    if isinstance(value, datetime.date | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The audited state of `obj`: its concrete fields (foreign keys as ids), secrets left out."""
    out = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password", "digest"}:
            continue
        out[field.name] = _plain(getattr(obj, field.attname))
    return out


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    object_type: str | None = None,
    object_label: str | None = None,
    object_id: object = None,
    ip: str | None = None,
) -> AuditEntry:
    """Append one entry. `object_id` names an object that no longer has a primary key (a deleted row)."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        at=clock.now(),
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else "系统"),
        ip_address=ip or current_ip(),
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=(str(object_id) if object_id is not None
                   else str(obj.pk) if obj is not None and obj.pk is not None else ""),
        object_label=(object_label if object_label is not None else str(obj) if obj is not None else "")[:300],
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        note=note,
    )
    rows.insert(entry)  # every save and log-in writes one: a fixed statement (`core.rows`)
    return entry
