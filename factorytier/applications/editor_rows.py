"""The editor's repeated table rows (具体场景表, 附表 KPIs), written in Python rather than in the template.

The editor page is opened by every applicant on deadline day. Rendered by the template engine, the 25
scenario rows and 21 KPI rows of a typical 卓越级 draft took half of the page's 16 ms of rendering (each row an
include with seven `{% translate %}` tags, each KPI three `{% blocktranslate %}`); written here, the whole
page renders in 8 ms. The markup is the one the editor's script (`editor.js`) reads: `data-col` / `data-path` per input,
`data-row` per scenario row, `data-change-for` per level KPI. Every value is escaped; the words are looked
up once per page in the interface language."""

from __future__ import annotations

import functools

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from factorytier.core.language import policy_lang


def _text(value) -> str:
    """As `{{ value|default:'' }}`: nothing for an empty or false value, else the value escaped."""
    return escape(value) if value else ""


def _scenario_words() -> dict[str, str]:
    return {key: escape(gettext(word)) for key, word in (
        ("link", "环节"), ("choose", "请选择"), ("scenario", "场景名"), ("instance", "实例名"), ("description", "场景描述"),
        ("uses_ai", "应用人工智能技术"), ("models", "AI 模型"), ("remove", "删除"))}


def _guide_options(guide_links, catalogue) -> list[tuple[str, str, str]]:
    """(环节, its value attribute, its label) of each option, escaped."""
    lang = policy_lang()
    return [(link, escape(link), escape(catalogue.guide_category_name(str(link or ""), lang))) for link in guide_links]


def scenario_rows(scenarios, guide_links, catalogue, short_limit: int) -> dict[str, SafeString]:
    """{"rows": the rows of the saved scenarios, "blank": an empty row for the 添加场景 button's template}."""
    words = _scenario_words()
    options = _guide_options(guide_links, catalogue)
    limit = escape(short_limit)

    def row(s) -> str:
        s = s if isinstance(s, dict) else {}
        chosen = s.get("guide_link")
        choices = "".join(f'<option value="{value}"{" selected" if chosen == link else ""}>{label}</option>'
                          for link, value, label in options)
        return (
            '<tr data-row>\n  <td class="num" data-row-number></td>\n'
            f'  <td><select data-col="guide_link" aria-label="{words["link"]}"><option value="">{words["choose"]}</option>{choices}</select></td>\n'
            f'  <td><input type="text" data-col="scenario" value="{_text(s.get("scenario"))}" aria-label="{words["scenario"]}" maxlength="{limit}"></td>\n'
            f'  <td><input type="text" data-col="instance" value="{_text(s.get("instance"))}" aria-label="{words["instance"]}" maxlength="{limit}"></td>\n'
            f'  <td><textarea data-col="description" aria-label="{words["description"]}" rows="2" class="cell-text">{_text(s.get("description"))}</textarea></td>\n'
            f'  <td><input type="checkbox" data-col="uses_ai" aria-label="{words["uses_ai"]}"{" checked" if s.get("uses_ai") else ""}></td>\n'
            f'  <td><input type="text" data-col="ai_models" value="{_text(s.get("ai_models"))}" aria-label="{words["models"]}" class="input-models"></td>\n'
            f'  <td><button type="button" class="btn danger small" data-remove-row>{words["remove"]}</button></td>\n'
            '</tr>')

    return {"rows": mark_safe("".join(row(s) for s in scenarios)), "blank": mark_safe(row(None))}


@functools.lru_cache(maxsize=16)
def guide_datalists(catalogue) -> SafeString:
    """The scenario-name suggestions of each 环节 (a `<datalist>` per link, as `editor.js` finds them by index).
    They depend on the catalogue alone (names are data, shown in Chinese in both languages), so they are
    written once per catalogue: ≈400 options, 0.7 ms of every editor page through the template engine."""
    return mark_safe("".join(
        f'<datalist id="guide-{i}">' + "".join(f'<option value="{escape(name)}">' for name in catalogue.scenarios_by_link.get(link, ()))
        + "</datalist>" for i, link in enumerate(catalogue.guide_links)))


def kpi_rows(kpis: list[dict]) -> SafeString:
    """The 附表's rows (`content.kpi_rows`' dicts): a `change` KPI asks for its direction and the change in %,
    a `level` KPI for its baseline and current value, the change computed beside them."""
    check = escape(gettext("请核对"))
    prefilled = escape(gettext("已按具体场景表自动填入；不修改即按此值提交"))
    # Looked up outside the f-strings below: xgettext (makemessages) does not read inside an f-string.
    labels = {"direction": gettext("%(name)s变化方向"), "change": gettext("%(name)s变化值"),
              "baseline": gettext("%(name)s基线值"), "current": gettext("%(name)s当前值")}
    out = []
    for k in kpis:
        no, name = escape(k["no"]), k["name_label"]
        path = f"effects.kpis.{no}"
        head = (f'<tr id="kpi-{no}" data-kpi-kind="{escape(k["kind"])}">\n      <td class="num">{no}</td>'
                f'<td class="small">{escape(k["group_label"])}</td><td>{escape(name)}</td><td>{escape(k["unit_label"])}</td>\n')
        if k["kind"] == "change":
            options = "".join(f'<option value="{escape(d)}"{" selected" if d == k["direction"] else ""}>{escape(label)}</option>'
                              for d, label in k["direction_options"])
            legacy = ""
            if k["legacy"]:
                legacy = '<div class="helptext">{}</div>'.format(escape(gettext(
                    "此前按基线值 %(baseline)s、当前值 %(current)s 填写；本指标只需填写变化幅度（%%）。")
                    % {"baseline": k["baseline"] or "—", "current": k["current"] or "—"}))
            body = (
                '      <td colspan="2" class="kpi-change">\n'
                f'        <select data-path="{path}.direction" aria-label="{escape(labels["direction"] % {"name": name})}">{options}</select>\n'
                f'        <input type="text" inputmode="decimal" data-path="{path}.change" value="{escape(k["change"])}" '
                f'aria-label="{escape(labels["change"] % {"name": name})}" class="input-kpi"> %\n'
                f'        {legacy}\n'
                f'        <ul class="errorlist" data-error-for="{path}.change"></ul><ul class="errorlist" data-error-for="{path}.direction"></ul></td>\n'
                f'      <td class="num muted">{escape(k["change_text"]) if k["legacy"] else "—"}</td>\n')
        else:
            help_text = f'<div class="helptext">{prefilled}</div>' if k["prefilled"] else ""
            body = (
                f'      <td><input type="text" inputmode="decimal" data-path="{path}.baseline" value="{escape(k["baseline"])}" '
                f'aria-label="{escape(labels["baseline"] % {"name": name})}" class="input-kpi">'
                f'<ul class="errorlist" data-error-for="{path}.baseline"></ul></td>\n'
                f'      <td><input type="text" inputmode="decimal" data-path="{path}.current" value="{escape(k["current"])}" '
                f'aria-label="{escape(labels["current"] % {"name": name})}" class="input-kpi">\n'
                f'        {help_text}\n'
                f'        <ul class="errorlist" data-error-for="{path}.current"></ul></td>\n'
                f'      <td class="num" data-change-for="{no}">{escape(k["change_text"])}</td>\n')
        flag = (f'<tr class="kpi-flag"><td colspan="7"><span class="badge warn">{check}</span> {escape(k["flag"])}</td></tr>'
                if k["flag"] else "")
        out.append(f"{head}{body}    </tr>{flag}")
    return mark_safe("".join(out))


def _field_words() -> dict[str, str]:
    return {"profile": escape(gettext("取自企业注册信息")), "lines": escape(gettext("每行一个")),
            "decimal": escape(gettext("如 12345.67")), "guidance": escape(gettext(" 建设内容要求"))}


def _control(f: dict, words: dict[str, str]) -> str:
    """The input of one field by its kind (`editor.js` saves what carries `data-path`)."""
    key, value, limit = escape(f["key"]), escape(f["value"]), escape(f["limit"])
    kind = f["kind"]
    if f["from_profile"]:
        return (f'<input type="text" id="f-{key}" value="{value}" readonly aria-readonly="true" class="readonly">'
                f'<div class="helptext">{words["profile"]}</div>')
    if kind == "longtext":
        return f'<textarea id="f-{key}" data-path="{key}" data-limit="{limit}" rows="5">{value}</textarea>'
    if kind == "list":
        return (f'<textarea id="f-{key}" data-path="{key}" data-kind="lines" data-limit="{limit}" rows="3" '
                f'placeholder="{words["lines"]}">{value}</textarea>')
    if kind == "month":
        return f'<input type="month" id="f-{key}" data-path="{key}" value="{value}" class="input-short">'
    if kind == "decimal":
        return (f'<input type="text" inputmode="decimal" id="f-{key}" data-path="{key}" value="{value}" class="input-short" '
                f'placeholder="{words["decimal"]}">')
    if kind == "mobile":
        return f'<input type="tel" id="f-{key}" data-path="{key}" value="{value}" class="input-short" inputmode="numeric">'
    return f'<input type="text" id="f-{key}" data-path="{key}" data-limit="{limit}" value="{value}">'


def add_field_blocks(sections: list[dict]) -> None:
    """Give each part of the editor's sections (`presenters.editor_sections`) its fields' markup, `fields_html`."""
    words = _field_words()
    for section in sections:
        for part in section["parts"]:
            part["fields_html"] = field_blocks(part, words)


def field_blocks(part: dict, words: dict[str, str]) -> SafeString:
    """The fields of one part of a section: label, the 建设内容要求 the text answers, the input, its counter
    and its error list. A part with its own heading hides a label that only repeats it (the heading names
    the field for screen readers)."""
    out = []
    for f in part["fields"]:
        key = escape(f["key"])
        hidden = ' class="visually-hidden"' if part["heading"] and f["label"] == part["title"] else ""
        required = ' <span class="required">*</span>' if f["required"] and not f["from_profile"] else ""
        guidance = (f'<details class="guidance small"><summary>{escape(f["guidance_id"])}{words["guidance"]}</summary>'
                    f'<div class="muted">{escape(f["guidance"])}</div></details>' if f["guidance"] else "")
        out.append(
            f'<div class="field" data-field="{key}">\n'
            f'    <label for="f-{key}"{hidden}>{escape(f["label"])}{required}</label>\n'
            f'    {guidance}\n    {_control(f, words)}\n'
            f'    <div class="counter small muted" data-counter-for="{key}"></div>\n'
            f'    <ul class="errorlist" data-error-for="{key}"></ul>\n  </div>\n')
    return mark_safe("".join(out))


def attestation_rows(attestations: list[tuple]) -> SafeString:
    """The 承诺事项 table's rows: (catalogue clause, whether the draft attests it), the clause's text in the
    interface language (the Chinese where it has none)."""
    lang = policy_lang()
    return mark_safe("".join(
        f'<tr><td><code>{escape(clause.id)}</code></td><td><label for="att-{escape(clause.id)}" class="plain">'
        f'{escape(clause.text_in(lang))}</label></td>\n    <td><input type="checkbox" id="att-{escape(clause.id)}" '
        f'data-path="attestations.{escape(clause.id)}" data-unchecked-null{" checked" if checked else ""}></td></tr>'
        for clause, checked in attestations))
