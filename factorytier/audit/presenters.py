"""The audit log in words: actions, objects and fields by their Chinese names, values readable, personal data
masked for readers who do not need it, and draft text never shown.

Used by the log page, its export and the administrator's home page. Nothing here decides *which* entries a
reader sees (that is `selectors.entries_for_user`); this decides how an entry reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as django_apps
from django.core.exceptions import FieldDoesNotExist

from factorytier.core import clock

from .models import AuditEntry
from .selectors import sees_everything

STATE_ACTIONS = {
    "draft": "退回草稿",
    "submitted": "已提交",
    "returned": "退回修改",
    "withdrawn": "已撤回",
    "recommended": "已推荐",
    "not_recommended": "不予推荐",
    "under_review": "进入评审",
    "approved": "已认定",
    "cultivation": "进入培育",
    "rejected": "未通过",
    "acceptance_applied": "申请验收",
    "accepted": "验收通过",
    "acceptance_failed": "验收未通过",
}

ACTION_LABELS: dict[str, str] = {
    **{f"application.{state}": words for state, words in STATE_ACTIONS.items()},
    "application.create": "创建申报书",
    "application.save": "保存申报书草稿",
    "application.restore": "恢复历史版本",
    "application.demo_data": "生成演示数据",
    "attachment.add": "上传附件",
    "attachment.remove": "删除附件",
    "evidence.add": "上传证明材料",
    "readiness.update": "更新自评信息",
    "enterprise.register": "企业注册",
    "enterprise.update": "更新企业信息",
    "user.create": "创建用户",
    "user.login": "登录",
    "user.logout": "退出登录",
    "user.password_change": "修改密码",
    "user.password_reset": "通过邮件重置密码",
    "user.deactivate": "停用账号",
    "user.groups_change": "修改用户组",
    "admin.password_change": "管理员重设密码",
    "axes.unlock": "解除登录锁定",
    "api_token.create": "创建接口令牌",
    "api_token.revoke": "吊销接口令牌",
    "api_token.revoke_all": "吊销全部接口令牌",
    "campaign.create": "创建申报批次",
    "campaign.update": "修改申报批次",
    "campaign.export": "导出申报汇总",
    "quota.create": "新增推荐名额",
    "quota.update": "修改推荐名额",
    "quota.delete": "删除推荐名额",
    "admin.add": "后台新增",
    "admin.change": "后台修改",
    "admin.delete": "后台删除",
    "audit.export": "导出审计日志",
    "file.download": "下载文件",
}

VERBS = {"create": "新增", "add": "新增", "update": "修改", "change": "修改", "delete": "删除", "remove": "删除",
         "export": "导出", "download": "下载", "save": "保存", "submit": "提交", "score": "评分", "assign": "分配"}

# Actions whose before/after carry the applicant's text: only the names of the fields are ever shown.
TEXT_ACTIONS = {"application.save", "application.restore"}

# Keys whose values are personal data in any entry.
PERSONAL_KEYS = {"mobile", "contact_mobile", "email", "phone", "id_number", "basic.contact_mobile"}
HIDDEN = "（内容不在日志中显示）"

_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}([\dXx])(?![0-9A-Za-z])")


def mask(text: str) -> str:
    """Mobile numbers, e-mail addresses and ID card numbers in `text`, with the middle hidden."""
    text = _MOBILE.sub(r"\1****\2", text)
    text = _EMAIL.sub(r"\1***@\2", text)
    return _ID_CARD.sub(r"\1********\2", text)


def action_label(code: str) -> str:
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    kind, _, verb = code.partition(".")
    return f"{object_type_label(kind) or kind}·{VERBS.get(verb, verb)}" if verb else code


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
    return str(model._meta.verbose_name) if model is not None else object_type


def _content_labels() -> dict[str, str]:
    from factorytier.applications.content import SECTIONS

    labels = {"title": "项目名称"}
    for section in SECTIONS:
        labels[section.id] = section.title
        for f in section.fields:
            labels[f.key] = f"{section.title}·{f.label}"
    return labels


def field_label(object_type: str, key: str) -> str:
    """`factory.summary` -> 智能工厂基本情况·项目简介; a model column -> its verbose name."""
    if object_type == "applications.application":
        labels = _content_labels()
        if key in labels:
            return labels[key]
        if key.startswith("scenes.scenarios"):
            from factorytier.applications.content import SCENARIO_FIELDS

            tail = key.rsplit(".", 1)[-1]
            return f"智能工厂场景建设情况·场景清单·{SCENARIO_FIELDS.get(tail, '')}".rstrip("·")
        if key.startswith("attestations."):
            return f"承诺事项·{key.split('.', 1)[1]}"
        head = key.split(".", 1)[0]
        if head in labels and head != key:
            return f"{labels[head]}·{key.split('.', 1)[1]}"
    extra = {"digest": "文档摘要", "version": "版本", "sha256": "文件摘要（SHA-256）", "size": "大小（字节）",
             "name": "名称", "prefix": "令牌前缀", "clause": "条款", "fields": "修改的字段", "state": "状态"}
    try:
        model = django_apps.get_model(object_type)
        return str(model._meta.get_field(key.removesuffix("_id")).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return extra.get(key, key)


def _choice_label(object_type: str, key: str, value: Any) -> Any:
    if key == "state" and isinstance(value, str):
        from factorytier.applications.models import State

        return State(value).label if value in State.values else value
    try:
        model_field = django_apps.get_model(object_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return value
    choices = dict(model_field.flatchoices) if model_field.choices else {}
    return choices.get(value, value) if isinstance(value, str | int) else value


def readable(value: Any) -> str:
    """A value in words: no Python reprs, lists joined, mappings as 'key：value'."""
    if value is None or value == "":
        return "—"
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, list | tuple):
        return "、".join(readable(v) for v in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{k}：{readable(v)}" for k, v in value.items()) or "—"
    return str(value)


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
        parts = []
        for c in self.changes:
            parts.append(f"{c.label}：{c.before} → {c.after}" if c.values_shown else c.label)
        return "；".join(parts)


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
        before = {"值": before}
    if not isinstance(after, dict):
        after = {"值": after}
    if entry.action in TEXT_ACTIONS:
        # Old entries hold the draft's text; newer ones field names and digests. Either way: names only.
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        if isinstance(after.get("fields"), list):
            keys = [str(k) for k in after["fields"]]
        for key in keys:
            if key in {"fields", "digest", "digest_before", "digest_after", "before_digest", "after_digest"}:
                continue
            if key == "version":
                changes.append(Change("版本", readable(before.get(key)), readable(after.get(key))))
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
        actor=m(str(entry.actor) if entry.actor is not None else entry.actor_label),
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
    return [("", "全部操作")] + [(words, words) for words in seen]


def codes_for_words(words: str) -> list[str]:
    return [code for code, w in ACTION_LABELS.items() if w == words]


EXPORT_COLUMNS = ["时间", "操作人", "所属单位", "来源地址", "操作", "对象类型", "对象", "对象编号", "变更内容", "说明"]


def export_row(row: EntryRow) -> list[str]:
    return [row.at, row.actor, row.organisation, row.ip, row.action, row.object_type, row.object,
            row.entry.object_id, row.changes_text, row.note]
