"""Checks of a draft's content: what may be saved, and what must be filled before submission.

Every problem is (path, message naming the field), worded in the active interface language (Chinese unless
the user reads English: the request's language is active when a save is checked). Nothing here touches the
database.
"""

from __future__ import annotations

import math
import re

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from factorytier.accounts.validators import MOBILE_RE
from factorytier.core.language import policy_lang
from factorytier.policy import default_catalogue

from .content import (
    DECLARATIONS,
    FUTURE_MODE_CATEGORIES,
    SCENARIO_FIELDS,
    SECTIONS,
    Field,
    all_fields,
    english,
    get,
    parse_month,
    sections_for,
)
from .numbers import (  # noqa: F401 - the bounds are also read from here by tests
    MAX_DECIMAL_PLACES,
    MAX_INTEGER_DIGITS,
    MAX_NUMBER_TEXT,
    normalise_number_text,
    parse_number,
)

Problem = tuple[str, str]
FIELDS: dict[str, Field] = {f.key: f for s in SECTIONS for f in s.fields}
KPI_COLUMNS = {"baseline": "基线值", "current": "当前值", "change": "变化值", "direction": "变化方向"}
MAX_SCENARIOS = 200


# --- Generic checks, for any field of any form or JSON document -----------------------------------

# Characters no field may hold: C0 controls other than tab, line feed and carriage return (U+0000 among
# them: neither SQLite's nor PostgreSQL's JSON can hold it), lone surrogates (cannot be encoded as UTF-8:
# every page and document showing them would fail) and the Unicode non-characters.
_BAD_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)


def bad_character(text: str) -> str | None:
    """'U+D800' for the first character of `text` that cannot be stored or shown, else None."""
    m = _BAD_CHARACTER.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def describe_character(code: str) -> str:
    """'不可见的控制字符（U+0000）' or '无法保存的字符（U+D800）', for a code from `bad_character`."""
    if int(code[2:], 16) < 0x20:
        return _("不可见的控制字符（%(code)s）") % {"code": code}
    return _("无法保存的字符（%(code)s）") % {"code": code}


def _and(words, lang: str, either: bool = False) -> str:
    """Words listed as the language lists them: 甲、乙 / "a, b"; `either`: 甲或乙 / "a or b"."""
    if either:
        return ("或" if lang != "en" else " or ").join(words)
    return ("、" if lang != "en" else ", ").join(words)


def first_bad_value(value) -> str | None:
    """The first unstorable thing anywhere in a JSON value (keys included): a bad character, or a
    number JSON cannot hold (NaN, infinity). None when everything is storable."""
    if isinstance(value, str):
        return bad_character(value)
    if isinstance(value, float):
        return None if math.isfinite(value) else _("无效的数字（NaN 或无穷大）")
    if isinstance(value, dict):
        for k, v in value.items():
            found = first_bad_value(k) if isinstance(k, str) else None
            if found or (found := first_bad_value(v)):
                return found
        return None
    if isinstance(value, list):
        for v in value:
            if found := first_bad_value(v):
                return found
    return None


def printable(text: str) -> str:
    """`text` with its unstorable characters replaced, fit to be shown in a message."""
    return _BAD_CHARACTER.sub("\ufffd", text)


def text_problem(value, label: str, limit: int, *, required: bool = False) -> str | None:
    """The message for a text that is not text, too long, empty when required, or holds a bad character."""
    if not isinstance(value, str):
        return _("%(label)s：应为文字") % {"label": label}
    if (code := bad_character(value)) is not None:
        return _("%(label)s：含有%(what)s，请删除后重试") % {"label": label, "what": describe_character(code)}
    if len(value) > limit:
        return _("%(label)s：不能超过 %(limit)s 字，当前 %(count)s 字") % {"label": label, "limit": limit, "count": len(value)}
    if required and not value.strip():
        return _("%(label)s：不能为空") % {"label": label}
    return None


def field_label(path: str) -> str:
    """The name of the field at `path` as the applicant knows it (for messages), in the interface language."""
    lang = policy_lang()
    if path == "title":
        return english("项目名称", lang)
    if path in FIELDS:
        return FIELDS[path].label_in(lang)
    if path.startswith("scenes.scenarios"):
        return english("具体场景建设情况", lang)
    if path.startswith("cultivation.future_modes"):
        return english("未来制造模式创新方向", lang)
    if path.startswith("effects.kpis."):
        return _("实施成效指标")
    if path.startswith("attestations."):
        return _("承诺事项")
    if path.startswith("declarations."):
        return pgettext("申报书的声明（填写项名称）", "声明")
    return _("填写项 %(path)s") % {"path": printable(path)[:60]}


def normalise_changes(changes: dict) -> dict:
    """A save's changes with every number typed as text in its normalised form (full-width digits as
    ASCII, no separators), so nothing is stored as typed. Other values are left as they are."""
    if not isinstance(changes, dict):
        return changes
    out = {}
    for path, value in changes.items():
        f = FIELDS.get(path) if isinstance(path, str) else None
        numeric = (f is not None and f.kind == "decimal") or (isinstance(path, str) and path.startswith("effects.kpis."))
        if numeric and isinstance(value, str) and len(value) <= MAX_NUMBER_TEXT * 2 and bad_character(value) is None:
            value = normalise_number_text(value)
        out[path] = value
    return out


# --- The 申报书's fields ------------------------------------------------------------------------------


def _text(path: str, label: str, value, limit: int, problems: list[Problem]) -> None:
    message = text_problem(value, label, limit)
    if message:
        problems.append((path, message))


def _catalogue_of(limit_for):
    """The campaign's catalogue when `limit_for` is a campaign's `text_limit`, else the default one."""
    campaign = getattr(limit_for, "__self__", None)
    return getattr(campaign, "policy_catalogue", None) or default_catalogue()


def check_value(path: str, value, limit_for, catalogue=None) -> list[Problem]:
    """Problems with one value about to be saved at `path` (limit_for(size) gives the campaign's limit;
    `catalogue` is the campaign's, found from `limit_for` when not given)."""
    catalogue = catalogue or _catalogue_of(limit_for)
    lang = policy_lang()
    problems: list[Problem] = []
    if (found := bad_character(path)) is not None:
        return [(printable(path), _("%(label)s：填写项名称含有%(what)s") % {"label": field_label(path), "what": describe_character(found)})]
    if (found := first_bad_value(value)) is not None:
        what = describe_character(found) if found.startswith("U+") else found
        return [(path, _("%(label)s：含有%(what)s，请删除后重试") % {"label": field_label(path), "what": what})]
    if path == "title":
        _text(path, english("项目名称", lang), value, limit_for("short"), problems)
        if not problems and not value.strip():
            problems.append((path, _("%(label)s：不能为空") % {"label": english("项目名称", lang)}))
        return problems
    fields = all_fields(catalogue)
    if path in fields:
        f = fields[path]
        label = f.label_in(lang)
        if f.from_profile:
            problems.append((path, _("%(label)s：取自企业注册信息，不能在申报书中修改；如有变更请联系系统管理员更新企业资料") % {"label": label}))
        elif f.kind == "mobile":
            if not isinstance(value, str) or not MOBILE_RE.fullmatch(value.strip()):
                problems.append((path, _("%(label)s：手机号码应为 11 位数字，以 1 开头") % {"label": label}))
        elif f.kind in ("text", "longtext"):
            _text(path, label, value, limit_for(f.limit), problems)
        elif f.kind == "month":
            if value not in ("", None) and (not isinstance(value, str) or parse_month(value) is None):
                problems.append((path, _("%(label)s：请填写有效的年月，如 2024-06") % {"label": label}))
        elif f.kind == "decimal":
            if value not in ("", None):
                number, message = parse_number(value, label, integer_digits=10, unit=_("万元"))
                if message:
                    problems.append((path, message))
                elif number < 0 or number > 10**9:
                    problems.append((path, _("%(label)s：金额应在 0 至 1,000,000,000 万元之间") % {"label": label}))
        elif f.kind == "list":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append((path, _("%(label)s：应为名称列表") % {"label": label}))
            else:
                if len(value) > 50:
                    problems.append((path, _("%(label)s：最多填写 %(max)s 个") % {"label": label, "max": 50}))
                for v in value:
                    _text(path, label, v, limit_for("short"), problems)
        return problems
    if path == "scenes.scenarios":
        return check_scenarios(value, limit_for, catalogue)
    if path == "cultivation.future_modes":
        return check_future_modes(value, limit_for)
    if path.startswith("effects.kpis."):
        return check_kpi(path, value, catalogue)
    if path.startswith("declarations.") and path.split(".", 1)[1] in (*(k for k, _pledge in DECLARATIONS), "marks_confirmed"):
        return [] if isinstance(value, bool) else [(path, _("%(label)s：应为是或否") % {"label": pgettext("申报书的声明（填写项名称）", "声明")})]
    if path.startswith("attestations."):
        clause = path.split(".", 1)[1]
        if clause not in catalogue.clauses or catalogue.clauses[clause].kind != "declared":
            return [(path, _("承诺事项：未知的条款编号 %(clause)s") % {"clause": clause})]
        # None withdraws the answer (the editor's unticked box): the clause is then "missing", not "fail".
        return [] if value is None or isinstance(value, bool) else [(path, _("承诺事项：应为是、否或不作答"))]
    return [(path, _("未知的填写项"))]


def _scenario(i: int) -> str:
    return _("第 %(n)s 个场景") % {"n": i + 1}


def _scenario_column(i: int, key: str, lang: str) -> str:
    return _("第 %(n)s 个场景的%(column)s") % {"n": i + 1, "column": english(SCENARIO_FIELDS[key], lang)}


def check_scenarios(rows, limit_for, catalogue=None) -> list[Problem]:
    lang = policy_lang()
    scenarios = english("具体场景建设情况", lang)
    if not isinstance(rows, list):
        return [("scenes.scenarios", _("%(label)s：应为场景列表") % {"label": scenarios})]
    if len(rows) > MAX_SCENARIOS:
        return [("scenes.scenarios", _("%(label)s：最多填写 %(max)s 个场景") % {"label": scenarios, "max": MAX_SCENARIOS})]
    links = set((catalogue or default_catalogue()).guide_links)
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        p = f"scenes.scenarios[{i}]"
        if not isinstance(row, dict):
            problems.append((p, _("%(label)s：格式不正确") % {"label": _scenario(i)}))
            continue
        unknown = set(row) - set(SCENARIO_FIELDS)
        if unknown:
            problems.append((p, _("%(label)s：未知的填写项 %(keys)s") % {"label": _scenario(i), "keys": _and(sorted(unknown), lang)}))
        if row.get("guide_link") not in links:
            problems.append((f"{p}.guide_link", _("%(label)s：请从《场景指引》的 8 个环节中选择") % {
                "label": _scenario_column(i, "guide_link", lang)}))
        for key in ("scenario", "instance"):
            value = row.get(key, "")
            if not isinstance(value, str) or not value.strip():
                problems.append((f"{p}.{key}", _("%(label)s：不能为空") % {"label": _scenario_column(i, key, lang)}))
            else:
                _text(f"{p}.{key}", _scenario_column(i, key, lang), value, limit_for("short"), problems)
        for key, size in (("description", "medium"), ("ai_models", "short")):
            if key in row:
                _text(f"{p}.{key}", _scenario_column(i, key, lang), row[key], limit_for(size), problems)
        if not isinstance(row.get("uses_ai", False), bool):
            problems.append((f"{p}.uses_ai", _("%(label)s：应为是或否") % {"label": _scenario_column(i, "uses_ai", lang)}))
    return problems


MAX_FUTURE_MODES = 30


def check_future_modes(rows, limit_for) -> list[Problem]:
    lang = policy_lang()
    modes = english("未来制造模式创新方向", lang)
    if not isinstance(rows, list):
        return [("cultivation.future_modes", _("%(label)s：应为列表") % {"label": modes})]
    if len(rows) > MAX_FUTURE_MODES:
        return [("cultivation.future_modes", _("%(label)s：最多填写 %(max)s 个") % {"label": modes, "max": MAX_FUTURE_MODES})]
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        p = f"cultivation.future_modes[{i}]"
        if isinstance(row, dict) and set(row) - {"category", "mode"}:
            problems.append((p, _("第 %(n)s 个未来制造模式：未知的填写项 %(keys)s") % {
                "n": i + 1, "keys": _and(sorted(map(str, set(row) - {"category", "mode"})), lang)}))
            continue
        if not isinstance(row, dict) or row.get("category") not in FUTURE_MODE_CATEGORIES:
            problems.append((f"{p}.category", _("第 %(n)s 个未来制造模式的类别：请从%(choices)s中选择") % {
                "n": i + 1, "choices": _and([english(c, lang) for c in FUTURE_MODE_CATEGORIES], lang)}))
            continue
        mode = row.get("mode", "")
        label = _("第 %(n)s 个未来制造模式的模式名") % {"n": i + 1}
        if not isinstance(mode, str) or not mode.strip():
            problems.append((f"{p}.mode", _("%(label)s：不能为空") % {"label": label}))
        else:
            _text(f"{p}.mode", label, mode, limit_for("short"), problems)
    return problems


def check_kpi(path: str, value, catalogue=None) -> list[Problem]:
    """A value of the 附表: a level KPI takes `baseline` and `current`, a change KPI `change` (in %) and
    `direction` (one of the KPI's two words); numbers are bounded (12 integer digits, 4 decimals)."""
    lang = policy_lang()
    parts = path.split(".")
    kpis = {str(k.no): k for k in (catalogue or default_catalogue()).kpis}
    if len(parts) != 4 or parts[2] not in kpis:
        return [(path, _("实施成效：未知的指标"))]
    kpi = kpis[parts[2]]
    columns = ("change", "direction") if kpi.kind == "change" else ("baseline", "current")
    if parts[3] not in columns:
        return [(path, _("%(kpi)s：没有“%(column)s”一栏") % {
            "kpi": kpi.name_in(lang), "column": english(KPI_COLUMNS.get(parts[3], parts[3]), lang)})]
    label = _("%(kpi)s的%(column)s") % {"kpi": kpi.name_in(lang), "column": english(KPI_COLUMNS[parts[3]], lang)}
    directions = _and([kpi.direction_in(d, lang) for d in kpi.directions], lang, either=True)
    if parts[3] == "direction":
        if value in ("", None) or value in kpi.directions:
            return []
        return [(path, _("%(label)s：请选择%(choices)s") % {"label": label, "choices": directions})]
    if value in ("", None):
        return []
    number, message = parse_number(value, label, unit="%" if kpi.kind == "change" else kpi.unit_in(lang))
    if message:
        return [(path, message)]
    if number is not None and kpi.kind == "change" and number < 0:
        return [(path, _("%(label)s：请填写变化的幅度（不带负号），并在“变化方向”中选择%(choices)s") % {
            "label": label, "choices": directions})]
    return []


def missing_for_submission(content: dict, tier: str, catalogue=None, lang: str = "zh") -> list[Problem]:
    """Required parts of the materials list that are still empty, named in `lang` (the message in the
    active interface language)."""
    problems: list[Problem] = []
    for section in sections_for(tier, catalogue):
        for f in section.fields:
            if not f.required or f.from_profile:
                continue
            value = get(content, f.key)
            if value in (None, "", []) or (isinstance(value, str) and not value.strip()):
                problems.append((f.key, _("%(section)s：请填写“%(field)s”") % {
                    "section": section.title_in(lang), "field": f.label_in(lang)}))
    start, end = parse_month(get(content, "factory.start") or ""), parse_month(get(content, "factory.end") or "")
    if start and end and end < start:
        problems.append(("factory.end", _("智能工厂基本情况：建设结束时间不能早于开始时间")))
    if not get(content, "scenes.scenarios"):
        problems.append(("scenes.scenarios", _("智能工厂场景建设情况：请至少填写一个具体场景")))
    if tier == "leading" and not get(content, "cultivation.future_modes"):
        problems.append(("cultivation.future_modes", _("领航级智能工厂培育方案：请至少填写一个未来制造模式创新方向")))
    return problems
