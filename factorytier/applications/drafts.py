"""Saving a draft: optimistic concurrency on the version, field checks, one audit entry per save.

A save is the hot path of deadline day, so it costs four SQL statements: lock the application row
(alone: `FOR UPDATE OF` it, never the campaign), update it, insert the version (only what changed) and
insert the audit entry (which fields, digests of the values: never the text). Each save may carry the
editor's save id; a save the server has already applied, sent again after a time-out, is answered
with its original result instead of a conflict.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from factorytier.audit.services import record
from factorytier.core import clock, rows
from factorytier.core.language import policy_lang
from factorytier.core.permissions import can

from .content import get, parse_month, put, split_path
from .locking import locked_application
from .models import Application, State, Version
from .validation import Problem, check_value, normalise_changes
from .versions import changed_paths, changes_since, checkpoint_due, keep_version, label

EDITABLE_STATES = (State.DRAFT, State.RETURNED)


class DraftInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("；".join(m for _path, m in problems))
        self.problems = problems


class VersionConflict(Exception):
    """Someone saved since this editor loaded the draft; nothing was written. `their_changes` says who
    changed what since the version the editor was based on."""

    def __init__(self, current_version: int, their_changes: list[str] | None = None):
        self.their_changes = their_changes or []
        english = policy_lang() == "en"
        what = (("：", ": ")[english] + ("；", "; ")[english].join(self.their_changes[:6])) if self.their_changes else ""
        super().__init__(_("申报书已被他人修改（当前版本 %(version)s）%(what)s。请刷新后再编辑，以免覆盖对方的内容") % {
            "version": current_version, "what": what})
        self.current_version = current_version


class NotEditable(Exception):
    pass


def _cross_field(content: dict, changed: set[str]) -> list[Problem]:
    if changed & {"factory.start", "factory.end"}:
        start, end = parse_month(get(content, "factory.start") or ""), parse_month(get(content, "factory.end") or "")
        if start and end and end < start:
            key = "factory.end" if "factory.end" in changed else "factory.start"
            return [(key, _("建设结束时间不能早于建设开始时间"))]
    return []


def _copy_along(content: dict, paths) -> dict:
    """A copy of `content` that `put` may change at `paths` while `content` stays as it was: the objects
    along each path are copied, everything else is shared. A deep copy of a 50–100 KB draft was the
    largest part of a save's own CPU; sharing the untouched parts also lets the version's delta and the
    comparison below skip them by identity."""
    out = dict(content)
    copied = {id(out)}
    for dotted in paths:
        node = out
        for part in split_path(str(dotted))[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                break  # `put` makes a new object here (or the path was refused by the checks)
            if id(child) not in copied:
                child = node[part] = dict(child)
                copied.add(id(child))
            node = child
    return out


def digest(value) -> str:
    """SHA-256 of a value's canonical JSON: the audit log proves what changed without holding the text."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_save_id(raw) -> uuid.UUID | None:
    """The editor's save id (a UUID), or None when absent; anything else is refused."""
    if raw in (None, ""):
        return None
    try:
        return uuid.UUID(str(raw)[:64])
    except ValueError:
        raise DraftInvalid([("save_id", _("保存请求编号格式不正确（应为 UUID）"))]) from None


@dataclass
class Saved:
    application: Application
    version: int
    saved_at: datetime
    replayed: bool = False  # the same save id was applied before: this is its original answer


def save_draft(application: Application | int, changes: dict[str, Any], expected_version: int, actor,
               save_id=None, queryset: QuerySet | None = None) -> Application:
    """Apply `changes` (content path → value) if the draft is still at `expected_version`."""
    return apply_save(application, changes, expected_version, actor, save_id, queryset).application


def apply_save(application: Application | int, changes: dict[str, Any], expected_version: int, actor,
               save_id=None, queryset: QuerySet | Callable[[], QuerySet] | None = None) -> Saved:
    """`save_draft`, answering the version made and when. `application` may be a primary key. A save that is
    refused looks the row up in `queryset`, the caller's visibility selector (Application.DoesNotExist if it
    is not there); `queryset` may be a function making it, asked only then, so saves that go through do not
    build it."""
    if not isinstance(changes, dict) or not changes:
        raise DraftInvalid([("", _("没有需要保存的内容"))])
    save_id = parse_save_id(save_id)
    pk = application if isinstance(application, int) else application.pk
    changes = normalise_changes(changes)  # numbers typed with full-width digits are stored normalised
    with transaction.atomic():
        # Lock this application's row only: FOR UPDATE OF the application, not the shared campaign row.
        current = locked_application(pk)
        if current is None or not can(actor, "applications.edit", current):
            # Not the actor's to edit. Who may edit (the application's own enterprise) is a subset of who may
            # see it (`test_editing_is_only_ever_granted_on_what_the_user_sees`), so the fixed read serves every
            # save that goes through; the others are answered as the caller's selector says: not there, or refused.
            if callable(queryset):
                queryset = queryset()
            (queryset if queryset is not None else Application.objects.all()).get(pk=pk)
            raise NotEditable(_("您没有权限修改这份申报书"))
        if current.state not in EDITABLE_STATES:
            raise NotEditable(_("申报书当前状态为“%(state)s”，不能修改") % {"state": current.get_state_display()})
        if current.version != expected_version:
            if save_id is not None:
                earlier = Version.objects.filter(application=current, save_id=save_id).values_list("number", "saved_at").first()
                if earlier:  # sent again after a time-out: it was applied, answer as then
                    return Saved(current, earlier[0], earlier[1], replayed=True)
            raise VersionConflict(current.version, changes_since(current, expected_version))
        problems: list[Problem] = []
        for path, value in changes.items():
            problems += check_value(str(path), value, current.campaign.text_limit)
        old_content = current.content or {}
        content = _copy_along(old_content, changes)
        if not problems:
            for path, value in changes.items():
                put(content, path, value)
            problems = _cross_field(content, set(changes))
        if problems:
            raise DraftInvalid(problems)
        title = changes.get("title")
        # The project name is the application's own column (lists and documents show it), not content.
        content.pop("title", None)
        new_title = title.strip() if title is not None else current.title
        changed = changed_paths(old_content, current.title, content, new_title)
        if content == old_content and new_title == current.title:
            # nothing changed (e.g. a field left without editing): no new version
            return Saved(current, current.version, clock.now())
        before = {p: (current.title if p == "title" else get(old_content, p)) for p in changed}
        current.title, current.content = new_title, content
        current.version += 1
        fields = ["title", "content", "version", "updated_at"]
        if checkpoint_due(current):
            current.checkpoint_version = current.version
            fields.append("checkpoint_version")
        rows.update(current, fields)
        version = keep_version(current, actor, changed, previous=old_content, save_id=save_id)
        after = {p: (current.title if p == "title" else get(content, p)) for p in changed}
        record(actor, "application.save", current,
               before={"version": expected_version, "sha256": {p: digest(v) for p, v in before.items()}},
               after={"version": current.version, "fields": list(dict.fromkeys(label(p) for p in changed)),
                      "paths": changed, "sha256": {p: digest(v) for p, v in after.items()}})
    return Saved(current, current.version, version.saved_at)
