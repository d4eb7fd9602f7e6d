"""The ranked list's quota (N.EX.P4: 卓越级 at most 6 per 区/管委会, registry-confirmed 揭榜 units not
counted; N.LD.P3: 领航级 at most 1). Limits and exemptions come from the campaign's quotas."""

from __future__ import annotations

from dataclasses import dataclass

from factorytier.accounts.choices import UnitKind

QUOTA_CLAUSE = {"excellent": "N.EX.P4", "leading": "N.LD.P3"}


@dataclass
class QuotaState:
    limit: int | None  # None: no quota binds this unit (a central SOE's group HQ, or none set)
    exempt_allowed: bool
    used: int
    clause: str

    @property
    def left(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - self.used)

    @property
    def over(self) -> bool:
        return self.limit is not None and self.used > self.limit


def quota_for_list(ranked_list, exempt_flags: list[bool]) -> QuotaState:
    """`exempt_flags`: for each application on the list, whether its exemption is registry-confirmed."""
    clause = QUOTA_CLAUSE.get(ranked_list.tier, "")
    quota = None
    if ranked_list.unit.kind != UnitKind.CENTRAL_SOE:
        quota = ranked_list.campaign.quota_for(ranked_list.tier, ranked_list.unit)
    if quota is None:
        return QuotaState(None, False, len(exempt_flags), clause)
    used = sum(1 for e in exempt_flags if not (quota.pilot_exempt and e))
    return QuotaState(quota.limit, quota.pilot_exempt, used, clause)


def refusal_text(ranked_list, state: QuotaState) -> str:
    exempt = "（已通过智能制造示范工厂揭榜单位地方验收、经名单确认的单位不占名额）" if state.exempt_allowed else ""
    return (f"超出推荐名额（{state.clause}）：{ranked_list.unit.name}本批次{ranked_list.get_tier_display()}"
            f"可推荐不超过 {state.limit} 个{exempt}，名单中已有 {state.used} 个占用名额，不能再加入")
