"""The commission's view of the scores: per application the weighted total's mean and median, and per
criterion the mean, standard deviation and max − min, so applications can be sorted by disagreement.

Only submitted score sheets count. Standard deviation is the population one (the experts who scored are
the whole panel, not a sample)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import Assignment, ScoreSheet


def _q(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CriterionStats:
    id: str
    name: str
    weight: int
    max: int
    mean: Decimal
    median: Decimal
    stdev: Decimal
    spread: int  # max − min
    name_en: str = ""


@dataclass(frozen=True)
class ApplicationScores:
    application_id: int
    submitted: int
    assigned: int
    totals: tuple[Decimal, ...]
    mean: Decimal | None
    median: Decimal | None
    stdev: Decimal | None
    spread: Decimal | None
    criteria: tuple[CriterionStats, ...]

    @property
    def disagreement(self) -> Decimal:
        """How far the experts are apart: the standard deviation of their weighted totals."""
        return self.stdev if self.stdev is not None else Decimal("-1")


def summarise(criteria, sheets: list[ScoreSheet], application_id: int, assigned: int) -> ApplicationScores:
    done = [s for s in sheets if s.submitted_at is not None]
    totals = tuple(_q(s.weighted_total) for s in done if s.weighted_total is not None)
    stats = []
    for c in criteria:
        values = [s.scores[c.id] for s in done if c.id in s.scores]
        if values:
            stats.append(CriterionStats(c.id, c.name, c.weight, c.max, _q(statistics.fmean(values)),
                                        _q(statistics.median(values)), _q(statistics.pstdev(values)),
                                        max(values) - min(values), getattr(c, "name_en", "")))
    return ApplicationScores(
        application_id, len(done), assigned, totals,
        _q(statistics.fmean(totals)) if totals else None, _q(statistics.median(totals)) if totals else None,
        _q(statistics.pstdev(totals)) if totals else None, (max(totals) - min(totals)) if totals else None,
        tuple(stats),
    )


def campaign_scores(applications, criteria_for) -> list[tuple[object, ApplicationScores]]:
    """(application, scores) for each application, sorted by disagreement (largest first); two queries."""
    applications = list(applications)
    sheets: dict[int, list[ScoreSheet]] = {}
    for s in ScoreSheet.objects.filter(assignment__application__in=applications).select_related("assignment"):
        sheets.setdefault(s.assignment.application_id, []).append(s)
    assigned: dict[int, int] = {}
    for app_id in Assignment.objects.filter(application__in=applications).exclude(
            status=Assignment.Status.DECLINED).values_list("application_id", flat=True):
        assigned[app_id] = assigned.get(app_id, 0) + 1
    rows = [(a, summarise(criteria_for(a), sheets.get(a.pk, []), a.pk, assigned.get(a.pk, 0))) for a in applications]
    rows.sort(key=lambda row: (-row[1].disagreement, row[0].pk))
    return rows


def sheets_visible_to(user, application) -> list[ScoreSheet]:
    """Blind review: an expert sees other experts' submitted sheets for an application only after submitting
    their own; before that, only their own. The commission sees every submitted sheet."""
    from factorytier.core.permissions import can

    qs = ScoreSheet.objects.filter(assignment__application=application).select_related("assignment__expert")
    if can(user, "reviews.manage"):
        return list(qs.filter(submitted_at__isnull=False))
    own = qs.filter(assignment__expert=user).first()
    if own is None:
        return []
    if own.submitted_at is None:
        return [own]
    return list(qs.filter(submitted_at__isnull=False))
