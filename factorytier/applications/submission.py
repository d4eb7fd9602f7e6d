"""What submission requires, and the frozen snapshot it produces.

Called by `set_application_state` inside its transaction, so a failure anywhere leaves the
draft and the audit log exactly as they were.
"""

from __future__ import annotations

import hashlib
import json
import re

from django.utils.translation import gettext as _

from factorytier import policy
from factorytier.core import clock, rows
from factorytier.core.language import policy_lang

from .content import CLASSIFICATION_MARKS, DECLARATIONS, SECTIONS, get, profile_basics
from .models import Application, Snapshot
from .readiness import campaign_catalogue, campaign_rules, facts_for_application, live_application_facts
from .validation import Problem, missing_for_submission


def application_facts(application: Application) -> dict:
    """The rule engine's facts for the application: live for a draft, frozen once submitted."""
    return facts_for_application(application)


def evaluate(application: Application, facts: dict | None = None):
    """The engine's result for the application's tier under its campaign's catalogue, or the facts'
    own problems. `facts` defaults to `facts_for_application(application)`."""
    campaign = application.campaign
    try:
        return policy.check_tier(
            facts if facts is not None else facts_for_application(application), application.tier,
            campaign_catalogue(campaign), campaign_overrides=campaign_rules(campaign), lang=policy_lang(),
        ), []
    except policy.FactsInvalid as invalid:
        return None, [(e.path, f"{e.path}：{e.message}") for e in invalid.errors]


def classification_hits(content: dict) -> list[tuple[str, str]]:
    """(path, mark) for every text that carries a security-classification mark."""
    hits: list[tuple[str, str]] = []

    def walk(node, path):
        if isinstance(node, str):
            m = CLASSIFICATION_MARKS.search(node)
            if m:
                hits.append((path, m.group(0)))
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}.{k}" if path else str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")

    walk(content, "")
    return hits


MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def construction_problems(application: Application, moment=None) -> list[Problem]:
    """已完成智能工厂建设 (N.EX.2; N.LD.3 for 领航级, whose applicant is already rated 卓越级): a tier whose
    catalogue clause says `construction_completed` cannot be submitted while its 建设结束时间 (a month)
    is after the submission date."""
    end = get(application.content or {}, "factory.end")
    m = MONTH_RE.match(end) if isinstance(end, str) else None
    if m is None:
        return []  # missing or malformed: the content's own validation names it
    catalogue = campaign_catalogue(application.campaign)
    clauses = [r.clause for r in catalogue.tier_rules(application.tier) if r.clause.params.get("construction_completed")]
    if not clauses:
        return []
    today = (moment or clock.now()).astimezone(clock.SHANGHAI).date()
    if (int(m.group(1)), int(m.group(2))) <= (today.year, today.month):
        return []
    clause = clauses[0]
    tier_name = catalogue.tier(application.tier).name_in(policy_lang())
    return [("factory.end", _("不满足 %(clause)s：申报主体须已完成智能工厂建设，建设结束时间 %(end)s 晚于提交日期 "
                              "%(today)s，待建设完成后方可申报%(tier)s") % {
        "clause": clause.id, "end": end, "today": f"{today:%Y-%m-%d}", "tier": tier_name})]


def submission_problems(application: Application, evaluated=None, *, moment=None) -> list[Problem]:
    """Every reason the application cannot be submitted now (the deadline is checked by the move).
    `evaluated` is `evaluate(application)` when the caller already has it; `moment` the submission
    instant (default: now)."""
    content = application.content or {}
    problems = list(missing_for_submission(content, application.tier, application.campaign.policy_catalogue, policy_lang()))
    result, fact_problems = evaluated or evaluate(application)
    problems += fact_problems
    if result is not None:
        for f in result.findings:
            if f.status == "fail" and f.fix is not None and f.fix.kind == "attest":
                # a declared clause answered "no": the applicant states the factory does not meet it
                problems.append((f"attestations.{f.clause}", _("不满足 %(clause)s：%(message)s") % {"clause": f.clause, "message": f.message}))
            elif f.status == "fail":
                problems.append((f"clause:{f.clause}", _("不满足 %(clause)s：%(message)s") % {"clause": f.clause, "message": f.message}))
            elif f.status == "missing":
                problems.append((f"attestations.{f.clause}", _("未承诺 %(clause)s：%(message)s") % {"clause": f.clause, "message": f.message}))
    problems += construction_problems(application, moment)
    declarations = content.get("declarations") or {}
    if declarations.get("truthful") is not True:
        problems.append(("declarations.truthful", _("请阅读并勾选真实性承诺")))
    if declarations.get("no_secrets") is not True:
        problems.append(("declarations.no_secrets", _("请确认申报材料不涉及国家秘密、商业秘密")))
    hits = classification_hits(content)
    if hits and declarations.get("marks_confirmed") is not True:
        where = "、".join(sorted({f"{path}（{mark}）" for path, mark in hits})[:5])
        problems.append(("declarations.marks_confirmed",
                         _("以下内容含有密级或内部标识，请核实删除，或确认不涉密后勾选确认：%(where)s") % {"where": where}))
    return problems


def snapshot_data(application: Application, submitted_at, facts: dict | None = None) -> dict:
    e = application.enterprise
    return {
        # The answers the rules and the quota depend on (rating, maturity level, 揭榜 status,
        # attestations, scenarios), as they stood at submission: later readiness edits change nothing.
        "facts": facts if facts is not None else live_application_facts(application),
        "application": {
            "id": application.pk, "number": application.number, "tier": application.tier,
            "title": application.title, "campaign_id": application.campaign_id, "campaign": application.campaign.name,
            "version": application.version, "submitted_at": submitted_at.isoformat(),
        },
        "enterprise": {
            "name": e.name, "uscc": e.uscc, "address": e.address, "district": e.district,
            "nature": e.get_nature_display(), "legal_entity": e.get_legal_entity_display(),
            "industry": e.industry_name, "contact_name": e.contact_name, "contact_mobile": e.contact_mobile,
        },
        # What identifies the applicant is the registered enterprise's, whatever a draft may hold.
        "content": {**(application.content or {}),
                    "basic": {**((application.content or {}).get("basic") or {}), **profile_basics(e)}},
        "attachments": [
            {"name": a.name, "kind": a.kind, "size": a.size, "sha256": a.sha256} for a in application.attachments.all()
        ],
        # The declarations' words as the applicant ticked them: the print shows these, whatever changes later.
        "pledges": [{"key": key, "text": text} for key, text in DECLARATIONS],
    }


def canonical(data: dict) -> str:
    """One serialisation for one content: sorted keys, no spaces, UTF-8 text kept as is."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def freeze(application: Application, submitted_at, facts: dict | None = None) -> Snapshot:
    """Freeze the content and the live facts (the application is being submitted, so it is still a
    draft or a returned copy: its facts are the current answers, not an older snapshot's)."""
    data = snapshot_data(application, submitted_at, facts)
    text = canonical(data)
    snapshot = Snapshot(
        application=application, version=application.version, data=data, canonical=text,
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(), created_at=submitted_at,
    )
    # By `core.rows`: ≈100 KB (the content twice, as data and as canonical text) sent apart from the
    # statement on PostgreSQL rather than quoted into it.
    rows.insert(snapshot)
    return snapshot


def section_titles(tier: str) -> list[str]:
    return [s.title for s in SECTIONS if tier in s.tiers]


__all__ = ["application_facts", "classification_hits", "evaluate", "freeze", "get", "submission_problems"]
