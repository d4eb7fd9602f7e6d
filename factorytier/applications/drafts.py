"""Saving a draft: optimistic concurrency on the version, field checks, one audit entry per save."""

from __future__ import annotations

import copy
from typing import Any

from django.db import transaction

from factorytier.audit.services import record
from factorytier.core.permissions import can

from .content import get, parse_month, put
from .models import Application, State
from .validation import Problem, check_value, normalise_changes
from .versions import changed_paths, changes_since, keep_version

EDITABLE_STATES = (State.DRAFT, State.RETURNED)


class DraftInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("；".join(m for _, m in problems))
        self.problems = problems


class VersionConflict(Exception):
    """Someone saved since this editor loaded the draft; nothing was written. `their_changes` says who
    changed what since the version the editor was based on."""

    def __init__(self, current_version: int, their_changes: list[str] | None = None):
        self.their_changes = their_changes or []
        what = f"：{'；'.join(self.their_changes[:6])}" if self.their_changes else ""
        super().__init__(f"申报书已被他人修改（当前版本 {current_version}）{what}。请刷新后再编辑，以免覆盖对方的内容")
        self.current_version = current_version


class NotEditable(Exception):
    pass


def _cross_field(content: dict, changed: set[str]) -> list[Problem]:
    if changed & {"factory.start", "factory.end"}:
        start, end = parse_month(get(content, "factory.start") or ""), parse_month(get(content, "factory.end") or "")
        if start and end and end < start:
            key = "factory.end" if "factory.end" in changed else "factory.start"
            return [(key, "建设结束时间不能早于建设开始时间")]
    return []


def save_draft(application: Application, changes: dict[str, Any], expected_version: int, actor) -> Application:
    """Apply `changes` (content path → value) if the draft is still at `expected_version`."""
    if not isinstance(changes, dict) or not changes:
        raise DraftInvalid([("", "没有需要保存的内容")])
    changes = normalise_changes(changes)  # numbers typed with full-width digits are stored normalised
    with transaction.atomic():
        current = Application.objects.select_for_update().select_related("campaign").get(pk=application.pk)
        if not can(actor, "applications.edit", current):
            raise NotEditable("您没有权限修改这份申报书")
        if current.state not in EDITABLE_STATES:
            raise NotEditable(f"申报书当前状态为“{current.get_state_display()}”，不能修改")
        if current.version != expected_version:
            raise VersionConflict(current.version, changes_since(current, expected_version))
        problems: list[Problem] = []
        for path, value in changes.items():
            problems += check_value(str(path), value, current.campaign.text_limit)
        content = copy.deepcopy(current.content or {})
        if not problems:
            for path, value in changes.items():
                put(content, path, value)
            problems = _cross_field(content, set(changes))
        if problems:
            raise DraftInvalid(problems)
        title = changes.get("title")
        # The project name is the application's own column (lists and documents show it), not content.
        content.pop("title", None)
        if content == (current.content or {}) and (title is None or title.strip() == current.title):
            return current  # nothing changed (e.g. a field left without editing): no new version
        before = {path: (current.title if path == "title" else get(current.content or {}, path)) for path in changes}
        old_content, old_title = current.content or {}, current.title
        if title is not None:
            current.title = title.strip()
        current.content = content
        current.version += 1
        current.save(update_fields=["title", "content", "version", "updated_at"])
        keep_version(current, actor, changed_paths(old_content, old_title, current.content, current.title))
        record(actor, "application.save", current, before=before, after=dict(changes))
    return current
