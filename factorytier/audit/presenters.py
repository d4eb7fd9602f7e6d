"""The audit log in words: actions, objects and fields by their names, values readable, personal data
masked for readers who do not need it, and draft text never shown.

The stored entries hold codes (actions, object types, field keys) and the values as they were; the words are
chosen when an entry is shown, in the reader's language (the maps below hold the Chinese, marked for the
catalogue with gettext_noop, and are translated at render time), so entries of the past read in English too.

Used by the log page, its export and the administrator's home page. Nothing here decides *which* entries a
reader sees (that is `selectors.entries_for_user`); this decides how an entry reads.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as django_apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import get_language, gettext, gettext_noop, pgettext
from django.utils.translation import gettext_lazy as _

from factorytier.core import clock

from .models import AuditEntry
from .selectors import sees_everything

STATE_ACTIONS = {
    "draft": gettext_noop("退回草稿"),
    "submitted": gettext_noop("已提交"),
    "returned": gettext_noop("退回修改"),
    "withdrawn": gettext_noop("已撤回"),
    "recommended": gettext_noop("已推荐"),
    "not_recommended": gettext_noop("不予推荐"),
    "under_review": gettext_noop("进入评审"),
    "approved": gettext_noop("已认定"),
    "cultivation": gettext_noop("进入培育"),
    "rejected": gettext_noop("未通过"),
    "acceptance_applied": gettext_noop("申请验收"),
    "accepted": gettext_noop("验收通过"),
    "acceptance_failed": gettext_noop("验收未通过"),
}

ACTION_LABELS: dict[str, str] = {
    **{f"application.{state}": words for state, words in STATE_ACTIONS.items()},
    "application.create": gettext_noop("创建申报书"),
    "application.save": gettext_noop("保存申报书草稿"),
    "application.restore": gettext_noop("恢复历史版本"),
    "application.demo_data": gettext_noop("生成演示数据"),
    "attachment.add": gettext_noop("上传附件"),
    "attachment.remove": gettext_noop("删除附件"),
    "evidence.add": gettext_noop("上传证明材料"),
    "readiness.update": gettext_noop("更新自评信息"),
    "enterprise.register": gettext_noop("企业注册"),
    "enterprise.update": gettext_noop("更新企业信息"),
    "user.create": gettext_noop("创建用户"),
    "user.login": gettext_noop("登录"),
    "user.logout": gettext_noop("退出登录"),
    "user.password_change": gettext_noop("修改密码"),
    "user.password_reset": gettext_noop("通过邮件重置密码"),
    "user.deactivate": gettext_noop("停用账号"),
    "user.groups_change": gettext_noop("修改用户组"),
    "admin.password_change": gettext_noop("管理员重设密码"),
    "admin.password_reset_sent": gettext_noop("管理员发送密码重设邮件"),
    "axes.unlock": gettext_noop("解除登录锁定"),
    "api_token.create": gettext_noop("创建接口令牌"),
    "api_token.revoke": gettext_noop("吊销接口令牌"),
    "api_token.revoke_all": gettext_noop("吊销全部接口令牌"),
    "campaign.create": gettext_noop("创建申报批次"),
    "campaign.update": gettext_noop("修改申报批次"),
    "campaign.export": gettext_noop("导出申报汇总"),
    "quota.create": gettext_noop("新增推荐名额"),
    "quota.update": gettext_noop("修改推荐名额"),
    "quota.delete": gettext_noop("删除推荐名额"),
    "admin.add": gettext_noop("后台新增"),
    "admin.change": gettext_noop("后台修改"),
    "admin.delete": gettext_noop("后台删除"),
    "audit.export": gettext_noop("导出审计日志"),
    "file.download": gettext_noop("下载文件"),
}

VERBS = {"create": gettext_noop("新增"), "add": gettext_noop("新增"), "update": gettext_noop("修改"), "change": gettext_noop("修改"), "delete": gettext_noop("删除"),
         "remove": gettext_noop("删除"), "export": gettext_noop("导出"), "download": gettext_noop("下载"), "save": gettext_noop("保存"), "submit": gettext_noop("提交"),
         "score": gettext_noop("评分"), "assign": gettext_noop("分配")}

# Actions whose before/after carry the applicant's text: only the names of the fields are ever shown.
TEXT_ACTIONS = {"application.save", "application.restore"}

# Keys whose values are personal data in any entry.
PERSONAL_KEYS = {"mobile", "contact_mobile", "email", "phone", "id_number", "basic.contact_mobile"}
HIDDEN = _("（内容不在日志中显示）")

_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}([\dXx])(?![0-9A-Za-z])")


def mask(text: str) -> str:
    """Mobile numbers, e-mail addresses and ID card numbers in `text`, with the middle hidden."""
    text = _MOBILE.sub(r"\1****\2", text)
    text = _EMAIL.sub(r"\1***@\2", text)
    return _ID_CARD.sub(r"\1********\2", text)


def action_label(code: str) -> str:
    """The action in the reader's language: a known code by its words, else the object type and the verb."""
    if code in ACTION_LABELS:
        return gettext(ACTION_LABELS[code])
    kind, _sep, verb = code.partition(".")
    if not verb:
        return code
    return pgettext("audit action: object type and verb", "%(object)s·%(verb)s") % {
        "object": object_type_label(kind) or kind, "verb": gettext(VERBS[verb]) if verb in VERBS else verb}


def object_type_label(object_type: str) -> str:
    if not object_type:
        return ""
    try:
        model = django_apps.get_model(object_type) if "." in object_type else None
    except (LookupError, ValueError):
        model = None
    if model is None:
        for m in django_apps.get_models():
            if m._meta.model_name == object_type.rsplit(".", 1)[-1]:
                model = m
                break
    return gettext(str(model._meta.verbose_name)) if model is not None else object_type


def _words(text: Any) -> str:
    """A label that may be a plain Chinese string (translated through the catalogue) or already lazy."""
    return gettext(str(text)) if text else ""


def _joined(*parts: Any) -> str:
    return pgettext("audit: parts of a field's name", "·").join(_words(p) for p in parts)


@functools.cache
def _content_labels(language: str | None) -> dict[str, str]:
    from factorytier.applications.content import SECTIONS

    labels = {"title": _words(gettext_noop("项目名称"))}
    for section in SECTIONS:
        labels[section.id] = _words(section.title)
        for f in section.fields:
            labels[f.key] = _joined(section.title, f.label)
    return labels


# Keys of entries that are not model columns.
EXTRA_FIELDS = {"digest": gettext_noop("文档摘要"), "version": gettext_noop("版本"), "sha256": gettext_noop("文件摘要（SHA-256）"),
                "size": gettext_noop("大小（字节）"), "name": gettext_noop("名称"), "prefix": gettext_noop("令牌前缀"), "clause": gettext_noop("条款"),
                "fields": gettext_noop("修改的字段"), "state": gettext_noop("状态"), "rows": gettext_noop("行数"), "filters": gettext_noop("筛选条件")}


def field_label(object_type: str, key: str) -> str:
    """`factory.summary` -> 智能工厂基本情况·项目简介; a model column -> its verbose name."""
    dot = pgettext("audit: parts of a field's name", "·")
    if object_type == "applications.application":
        labels = _content_labels(get_language())
        if key in labels:
            return labels[key]
        if key.startswith("scenes.scenarios"):
            from factorytier.applications.content import SCENARIO_FIELDS

            tail = key.rsplit(".", 1)[-1]
            return _joined(gettext_noop("智能工厂场景建设情况"), gettext_noop("场景清单"), SCENARIO_FIELDS.get(tail, "")).rstrip(dot)
        if key.startswith("attestations."):
            return f"{_words(gettext_noop('承诺事项'))}{dot}{key.split('.', 1)[1]}"
        head = key.split(".", 1)[0]
        if head in labels and head != key:
            return f"{labels[head]}{dot}{key.split('.', 1)[1]}"
    try:
        model = django_apps.get_model(object_type)
        return _words(model._meta.get_field(key.removesuffix("_id")).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return _words(EXTRA_FIELDS[key]) if key in EXTRA_FIELDS else key


def _choice_label(object_type: str, key: str, value: Any) -> Any:
    if key == "state" and isinstance(value, str):
        from factorytier.applications.models import State

        return State(value).label if value in State.values else value
    try:
        model_field = django_apps.get_model(object_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return value
    choices = dict(model_field.flatchoices) if model_field.choices else {}
    if not isinstance(value, str | int) or value not in choices:
        return value
    return _words(choices[value])


def readable(value: Any) -> str:
    """A value in words: no Python reprs, lists joined, mappings as 'key：value'."""
    if value is None or value == "":
        return "—"
    if value is True:
        return gettext("是")
    if value is False:
        return gettext("否")
    if isinstance(value, list | tuple):
        return pgettext("audit: list separator", "、").join(readable(v) for v in value) or "—"
    if isinstance(value, dict):
        return _separated(f"{k}{_colon()}{readable(v)}" for k, v in value.items()) or "—"
    return str(value)


def _colon() -> str:
    return pgettext("audit: between a name and its value", "：")


def _separated(parts) -> str:
    return pgettext("audit: between changes", "；").join(parts)


@dataclass
class Change:
    label: str
    before: str
    after: str
    values_shown: bool = True


@dataclass
class EntryRow:
    entry: AuditEntry
    at: str
    actor: str
    organisation: str
    ip: str
    action: str
    object_type: str
    object: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""

    @property
    def changes_text(self) -> str:
        return _separated(f"{c.label}{_colon()}{c.before} → {c.after}" if c.values_shown else c.label
                          for c in self.changes)


def _organisation(entry: AuditEntry) -> str:
    actor = entry.actor
    if actor is None:
        return ""
    if actor.enterprise_id:
        return actor.enterprise.name
    if actor.unit_id:
        return actor.unit.name
    return actor.get_role_display()


def present(entry: AuditEntry, reader) -> EntryRow:
    unmasked = sees_everything(reader)
    m = (lambda s: s) if unmasked else mask
    changes = []
    before, after = entry.before or {}, entry.after or {}
    if not isinstance(before, dict):
        before = {gettext("值"): before}
    if not isinstance(after, dict):
        after = {gettext("值"): after}
    if entry.action in TEXT_ACTIONS:
        # Old entries hold the draft's text; newer ones field names and digests. Either way: names only.
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        if isinstance(after.get("fields"), list):
            keys = [str(k) for k in after["fields"]]
        for key in keys:
            if key in {"fields", "digest", "digest_before", "digest_after", "before_digest", "after_digest"}:
                continue
            if key == "version":
                changes.append(Change(gettext("版本"), readable(before.get(key)), readable(after.get(key))))
                continue
            label = key if any("\u4e00" <= ch <= "\u9fff" for ch in key) else field_label(entry.object_type, key)
            changes.append(Change(label, "", "", values_shown=False))
    else:
        for key, old, new in entry.changed_fields():
            label = field_label(entry.object_type, key)
            if key in PERSONAL_KEYS and not unmasked:
                changes.append(Change(label, mask(readable(old)) if old else "—", mask(readable(new)) if new else "—"))
                continue
            old = _choice_label(entry.object_type, key, old)
            new = _choice_label(entry.object_type, key, new)
            changes.append(Change(label, m(readable(old)), m(readable(new))))
    return EntryRow(
        entry=entry,
        at=entry.at.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
        actor=m(str(entry.actor) if entry.actor is not None
                else gettext("系统") if entry.actor_label == "系统" else entry.actor_label),
        organisation=_organisation(entry),
        ip=entry.ip_address or "—",
        action=action_label(entry.action),
        object_type=object_type_label(entry.object_type),
        object=m(entry.object_label),
        changes=changes,
        note=m(entry.note),
    )


def present_all(entries, reader) -> list[EntryRow]:
    return [present(e, reader) for e in entries]


def action_choices() -> list[tuple[str, str]]:
    """Filter choices: the words, each standing for one or more codes."""
    seen: dict[str, str] = {}
    for code, words in ACTION_LABELS.items():
        seen.setdefault(words, code)
    # The value stays the Chinese words (links and bookmarks keep working in either language); the label follows
    # the reader's language (choices are read at render time).
    return [("", gettext("全部操作"))] + [(words, gettext(words)) for words in seen]


def codes_for_words(words: str) -> list[str]:
    return [code for code, w in ACTION_LABELS.items() if w == words]


# The export follows the reader's language like the page (headers here, actions and labels through present()).
EXPORT_COLUMNS = [_("时间"), _("操作人"), _("所属单位"), _("来源地址"), _("操作"), _("对象类型"), _("对象"), _("对象编号"),
                  _("变更内容"), _("说明")]


def export_row(row: EntryRow) -> list[str]:
    return [row.at, row.actor, row.organisation, row.ip, row.action, row.object_type, row.object,
            row.entry.object_id, row.changes_text, row.note]
