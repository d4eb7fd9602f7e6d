"""What the application pages show, built from the content and the catalogue."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from factorytier.checker.presenters import tier_view
from factorytier.core.language import policy_lang
from factorytier.policy import default_catalogue

from . import editor_rows
from .content import (  # noqa: F401 - kpi_rows and its helpers are used from here by pages and tests
    DECLARATIONS,
    FUTURE_MODE_CATEGORIES,
    MARKS_CONFIRMATION,
    MARKS_CONFIRMATION_EN,
    SEGMENT_CLAUSES,
    ai_percent,
    declarations_in,
    distinct_ai_models,
    english,
    format_change,
    get,
    kpi_rows,
    profile_basics,
    sections_for,
)
from .submission import classification_hits, evaluate, submission_problems


def declared_clauses(tier: str, catalogue=None):
    catalogue = catalogue or default_catalogue()
    return [r.clause for r in catalogue.tier_rules(tier) if r.check == "attested"]


def _field_view(f, application, catalogue, content, guidance, lang="zh") -> dict:
    segment = f.key.rsplit(".", 1)[-1] if f.key.startswith("scenes.segments.") else None
    clause_id = guidance.get(segment) if segment else None
    value = get(content, f.key, "")
    if f.from_profile:
        value = profile_basics(application.enterprise)[f.key.split(".", 1)[1]]
    return {
        "key": f.key, "label": f.label_in(lang), "kind": f.kind, "required": f.required, "from_profile": f.from_profile,
        "limit": application.campaign.text_limit(f.limit),
        "value": "\n".join(value) if f.kind == "list" and isinstance(value, list) else (value if value is not None else ""),
        "guidance_id": clause_id,
        "guidance": catalogue.clauses[clause_id].text_in(lang) if clause_id in catalogue.clauses else "",
    }


def editor_sections(application, catalogue=None) -> list[dict]:
    """The editor's sections and sub-items in the materials list's order (附件2 / 附件4)."""
    catalogue = catalogue or application.campaign.policy_catalogue
    content = application.content or {}
    guidance = SEGMENT_CLAUSES.get(application.tier, {})
    lang = policy_lang()
    sections = []
    for section in sections_for(application.tier, catalogue):
        parts = [{"title": p.title_in(lang), "heading": p.heading_in(lang), "block": p.block,
                  "fields": [_field_view(f, application, catalogue, content, guidance, lang) for f in p.fields]}
                 for p in section.parts]
        sections.append({"id": section.id, "title": section.title_in(lang), "clause": section.clause.get(application.tier, ""),
                         "requirement": section.content_in(lang), "parts": parts,
                         "fields": [f for p in parts for f in p["fields"]]})
    return sections


DECLARATION_ANCHORS = {"declarations.truthful": "decl-truthful", "declarations.no_secrets": "decl-no-secrets",
                       "declarations.marks_confirmed": "decl-marks"}


def problem_link(path: str, tier: str, catalogue=None) -> str:
    """Where the applicant fixes a submission problem: a field of the editor, or the readiness page."""
    if path.startswith("scenes.scenarios"):
        return "#scenario-table"
    if path.startswith("cultivation.future_modes"):
        return "#mode-table"
    if path.startswith("attestations."):
        return "#att-" + path.split(".", 1)[1]
    if path in DECLARATION_ANCHORS:
        return "#" + DECLARATION_ANCHORS[path]
    if path.startswith("clause:"):
        rule = next((r for r in (catalogue or default_catalogue()).tier_rules(tier) if r.clause_id == path[7:]), None)
        # Scenario-based clauses are fixed in the scenario table; the others in the enterprise's answers.
        return "#scenario-table" if rule is not None and rule.check in ("segments", "ai_ratio") else reverse("applications:readiness")
    if path.startswith("enterprise."):
        return reverse("applications:readiness")
    return "#f-" + path


def findings_panel(application, evaluated=None) -> dict:
    catalogue = application.campaign.policy_catalogue
    result, fact_problems = evaluated or evaluate(application)
    problems = submission_problems(application, (result, fact_problems))
    kpis = kpi_rows(application.content or {}, catalogue, result.ai_scenario_ratio if result else None, policy_lang())
    return {
        "tier": tier_view(result) if result else None,
        "problems": [(problem_link(p, application.tier, catalogue), m) for p, m in problems],
        "marks": classification_hits(application.content or {}),
        "fact_problems": fact_problems,
        "kpi_flags": [(f"#kpi-{k['no']}", k["flag"]) for k in kpis if k["flag"]],
        "kpis": kpis,
    }


def deadline_text(application) -> tuple[str, bool]:
    """The deadline that applies to this draft's submission, in words, and whether it is still open."""
    from factorytier.campaigns.models import Stage
    from factorytier.core import clock

    stage = Stage.RECOMMENDATION if application.state == "returned" else Stage.APPLICATION
    deadline = application.campaign.deadline(stage)
    is_open = application.campaign.is_open(stage)
    when = date_format(deadline.astimezone(clock.SHANGHAI), "DATETIME_FORMAT")
    if not is_open:
        return gettext("提交截止时间 %(when)s（北京时间）已过，不能再提交") % {"when": when}, False
    left = deadline - clock.now()
    days, hours, minutes = left.days, left.seconds // 3600, left.seconds % 3600 // 60
    hours_text = ngettext("%(n)d 小时", "%(n)d 小时", hours) % {"n": hours}
    # Outside f-strings: xgettext (makemessages) does not see calls inside them.
    days_text = ngettext("%(n)d 天", "%(n)d 天", days) % {"n": days}
    minutes_text = ngettext("%(n)d 分钟", "%(n)d 分钟", minutes) % {"n": minutes}
    remaining = f"{days_text} {hours_text}" if days else f"{hours_text} {minutes_text}"
    return gettext("提交截止 %(when)s（北京时间），还剩 %(remaining)s") % {"when": when, "remaining": remaining}, True


def editor_text() -> dict[str, str]:
    """The words editor.js shows while the applicant edits (statuses, the counter, the restore bar), in the
    interface language; the page hands them over as a JSON data block (`json_script`), which the CSP allows.
    `{name}` marks what the script puts in."""
    return {
        "unsaved": gettext("有未保存的修改…"),
        "saving": gettext("正在保存…"),
        "saved": gettext("已自动保存 {time}"),
        "savedButRefused": gettext("已保存其他修改；仍有填写项不符合要求，请按红色提示修改"),
        "conflictKept": gettext("（您的修改已暂存在本浏览器中，刷新页面后可选择恢复）"),
        "refused": gettext("有填写项不符合要求，未保存：请按红色提示修改"),
        "serverError": gettext("服务器暂时无法保存，修改暂存在本浏览器中，稍后自动重试"),
        "cannotSave": gettext("无法保存"),
        "keptHere": gettext("（修改暂存在本浏览器中）"),
        "offline": gettext("网络中断或响应超时，修改暂存在本浏览器中，恢复后将自动保存"),
        "counter": gettext("{n} / {limit} 字"),
        "newerOnServer": gettext("；此后服务器上的内容已更新到版本 {version}，恢复会覆盖这些填写项"),
        "restoreFailed": gettext("恢复失败"),
        "restoreRefused": gettext("暂存的修改中有不符合要求的填写项，未恢复：请按红色提示处理后重试"),
        "unsavedBeforeSubmit": gettext("还有修改未保存（见红色提示或上方说明），请先处理后再提交"),
    }


def editor_context(application) -> dict:
    catalogue = application.campaign.policy_catalogue
    content = application.content or {}
    deadline, can_submit = deadline_text(application)
    panel = findings_panel(application)
    declarations = content.get("declarations") or {}
    lang = policy_lang()
    sections = editor_sections(application, catalogue)
    editor_rows.add_field_blocks(sections)
    attestations = [(c, bool((content.get("attestations") or {}).get(c.id))) for c in declared_clauses(application.tier, catalogue)]
    return {
        "deadline": deadline, "can_submit": can_submit,
        "application": application,
        "sections": sections,
        "scenarios": get(content, "scenes.scenarios") or [],
        "guide_datalists": editor_rows.guide_datalists(catalogue),
        "kpis": panel["kpis"],
        "kpi_rows": editor_rows.kpi_rows(panel["kpis"]),
        "scenario_rows": editor_rows.scenario_rows(get(content, "scenes.scenarios") or [], catalogue.guide_links, catalogue,
                                                   application.campaign.text_limit("short")),
        "future_modes": get(content, "cultivation.future_modes") or [],
        "future_mode_categories": FUTURE_MODE_CATEGORIES,
        "future_mode_options": [(c, english(c, lang)) for c in FUTURE_MODE_CATEGORIES],
        "attestation_rows": editor_rows.attestation_rows(attestations),
        "declarations": declarations,
        "pledges": [{"key": key, "text": text, "id": DECLARATION_ANCHORS[f"declarations.{key}"],
                     "checked": declarations.get(key) is True} for key, text in declarations_in(lang)],
        "marks_confirmation": MARKS_CONFIRMATION_EN if lang == "en" else MARKS_CONFIRMATION,
        "short_limit": application.campaign.text_limit("short"),
        "medium_limit": application.campaign.text_limit("medium"),
        "panel": panel,
        "editor_text": editor_text(),
    }


# What each irreversible move does and what cannot be undone, shown once before it is made.
def _confirm(what, final):
    return lambda application: {"what": what, "final": final}


MOVE_CONFIRMATIONS = {
    "submitted": lambda application: {
        "what": format_html(_("申报书将按当前内容冻结并提交给推荐单位（{unit}）审核，同时生成带摘要的 PDF/DOCX。"),
                            unit=format_html('<span lang="zh-Hans">{}</span>', application.enterprise.recommending_unit.name)),
        "final": _("提交后不能再修改内容；如需修改，只能在申报截止前撤回后重新提交，或由推荐单位退回。"),
    },
    "withdrawn": _confirm(
        _("申报书将撤回，推荐单位不再看到它；撤回理由记入办理记录。"),
        _("撤回记录不能删除；申报截止后撤回的申报书不能再提交。"),
    ),
    "recommended": _confirm(
        _("申报书将计入本单位该层级的推荐名额，并报送市经济信息化委。"),
        _("推荐阶段截止后不能更改推荐结果。"),
    ),
    "not_recommended": _confirm(
        _("申报书将不予推荐，企业会收到通知和理由。"),
        _("不予推荐后本批次不能再推荐该申报书。"),
    ),
    "approved": _confirm(_("将记录认定通过的决定，并通知企业。"), _("决定记录后不能撤销，将进入公示结果。")),
    "cultivation": _confirm(_("将记录列为培育对象的决定，并通知企业。"), _("决定记录后不能撤销。")),
    "rejected": _confirm(_("将记录不予认定的决定及理由，并通知企业。"), _("决定记录后不能撤销。")),
    "accepted": _confirm(_("将记录验收通过的决定，并通知企业。"), _("决定记录后不能撤销。")),
    "acceptance_failed": _confirm(_("将记录验收不通过的决定及理由，并通知企业。"), _("决定记录后不能撤销。")),
}


def next_steps(application) -> dict | None:
    """What comes after submitting, for the enterprise: who reviews it and by when."""
    if application.state != "submitted":
        return None
    return {"unit": application.enterprise.recommending_unit.name,
            "deadline": application.campaign.recommendation_deadline}
