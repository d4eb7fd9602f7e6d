"""Each tier's path after recommendation is the campaign catalogue's data; any other move is refused."""

import copy
import itertools

import pytest

from factorytier import policy
from factorytier.applications.models import State
from factorytier.applications.services import MOVES, TransitionRefused, set_application_state
from factorytier.audit.models import AuditEntry
from factorytier.policy.errors import CatalogueError
from factorytier.policy.workflows import (
    add_years,
    cultivation_max_years,
    review_settings,
    workflow,
    workflows,
)
from factorytier.reviews.paths import check_move, move_on_path

from ..factories import ApplicationFactory, enterprise_user, recommender

CAT = policy.catalogue_by_name("shanghai-2025")

EXCELLENT = {
    ("recommended", "under_review"), ("under_review", "approved"), ("under_review", "rejected"),
}
LEADING = {
    ("recommended", "material_review"), ("material_review", "onsite_check"), ("material_review", "rejected"),
    ("onsite_check", "cultivation"), ("onsite_check", "rejected"), ("cultivation", "acceptance_applied"),
    ("acceptance_applied", "initial_review_passed"), ("acceptance_applied", "acceptance_returned"),
    ("acceptance_returned", "acceptance_applied"), ("initial_review_passed", "accepted"),
    ("initial_review_passed", "acceptance_failed"),
}


def test_the_catalogue_declares_each_tiers_path():
    assert {(m.source, m.target) for m in workflow(CAT, "excellent").moves} == EXCELLENT
    assert {(m.source, m.target) for m in workflow(CAT, "leading").moves} == LEADING
    assert set(workflow(CAT, "leading").final_states) == {"rejected", "accepted", "acceptance_failed"}


def test_every_state_of_every_path_is_a_platform_state():
    for path in workflows(CAT).values():
        assert set(path.states) <= set(State.values)


def test_no_post_recommendation_move_is_left_in_moves():
    after = {s for m in (EXCELLENT | LEADING) for s in m}
    assert not [k for k in MOVES if k[1] in after - {"recommended"}]


def _broken(mutate):
    raw = copy.deepcopy(dict(CAT.raw_sections))
    file, data = raw["workflows"]
    mutate(data)
    import dataclasses

    return dataclasses.replace(CAT, raw_sections={**raw, "workflows": (file, data)}, _cache={})


@pytest.mark.parametrize("mutate, key", [
    (lambda d: d["excellent"]["moves"].append({"from": "approved", "to": "nowhere", "by": "commission", "label": "x"}),
     "workflows.excellent.moves[3].to"),
    (lambda d: d["excellent"]["moves"][0].update(by="expert"), "workflows.excellent.moves[0].by"),
    (lambda d: d["excellent"].update(start="draft"), "workflows.excellent.start"),
    (lambda d: d["excellent"]["states"].update(orphan="孤立"), "workflows.excellent.states.orphan"),
    (lambda d: d.update(platinum={}), "workflows.platinum"),
])
def test_a_broken_path_names_the_key_at_fault(mutate, key):
    with pytest.raises(CatalogueError, match=key.replace("[", r"\[").replace("]", r"\]")):
        workflow(_broken(mutate), "excellent")


def test_review_settings_and_cultivation_years_come_from_the_catalogue():
    s = review_settings(CAT, "excellent")
    assert (s.experts_per_application, s.max_per_expert) == (5, 10)
    assert [c.name for c in s.criteria] == ["先进性", "场景建设", "系统集成", "建设成效", "人工智能应用", "示范推广"]
    assert sum(c.weight for c in s.criteria) == 100
    assert cultivation_max_years(CAT) == 2


def test_add_years_to_the_day():
    import datetime as dt

    assert add_years(dt.date(2025, 9, 1), 2) == dt.date(2027, 9, 1)
    assert add_years(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert add_years(dt.date(2025, 2, 28), 2) == dt.date(2027, 2, 28)


ALL_AFTER = ["recommended", "under_review", "material_review", "onsite_check", "approved", "cultivation", "rejected",
             "acceptance_applied", "acceptance_returned", "initial_review_passed", "accepted", "acceptance_failed"]


@pytest.mark.django_db
@pytest.mark.parametrize("tier, allowed", [("excellent", EXCELLENT), ("leading", LEADING)])
def test_every_move_not_on_the_tiers_path_is_refused(tier, allowed, commission_user):
    application = ApplicationFactory(tier=tier)
    owner = enterprise_user(application.enterprise)
    for source, target in itertools.product(ALL_AFTER, ALL_AFTER):
        application.state = source
        for actor in (commission_user, owner):
            if (source, target) in allowed:
                continue
            with pytest.raises(TransitionRefused):
                check_move(application, target, actor, via_decision=True)


@pytest.mark.django_db
def test_a_leading_application_cannot_be_approved_and_an_excellent_one_not_cultivated(commission_user):
    excellent = ApplicationFactory(tier="excellent", state="under_review")
    leading = ApplicationFactory(tier="leading", state="onsite_check")
    with pytest.raises(TransitionRefused, match="没有从"):
        move_on_path(excellent, "cultivation", commission_user, via_decision=True)
    with pytest.raises(TransitionRefused, match="没有从"):
        move_on_path(leading, "approved", commission_user, via_decision=True)
    excellent.refresh_from_db()
    assert excellent.state == "under_review"


@pytest.mark.django_db
def test_set_application_state_no_longer_takes_post_recommendation_moves(commission_user):
    application = ApplicationFactory(tier="excellent", state="recommended")
    with pytest.raises(TransitionRefused):
        set_application_state(application, "under_review", commission_user)


@pytest.mark.django_db
def test_a_move_on_the_path_writes_history_and_audit_once(commission_user):
    application = ApplicationFactory(tier="leading", state="recommended")
    move_on_path(application, "material_review", commission_user)
    application.refresh_from_db()
    assert application.state == "material_review"
    assert application.history.get().to_state == "material_review"
    assert AuditEntry.objects.filter(action="application.material_review", object_id=str(application.pk)).count() == 1


@pytest.mark.django_db
def test_only_the_commission_moves_and_only_the_enterprise_applies_for_acceptance(commission_user, expert_user):
    application = ApplicationFactory(tier="leading", state="recommended")
    for actor in (enterprise_user(application.enterprise), recommender(application.enterprise.recommending_unit), expert_user):
        with pytest.raises(TransitionRefused, match="没有权限"):
            move_on_path(application, "material_review", actor)
    application.state = "cultivation"
    application.save()
    with pytest.raises(TransitionRefused, match="没有权限"):
        move_on_path(application, "acceptance_applied", commission_user)
    move_on_path(application, "acceptance_applied", enterprise_user(application.enterprise))


@pytest.mark.django_db
def test_decision_moves_only_through_a_decision_and_reasons_are_required(commission_user):
    application = ApplicationFactory(tier="excellent", state="under_review")
    with pytest.raises(TransitionRefused, match="认定决定"):
        move_on_path(application, "approved", commission_user)
    with pytest.raises(TransitionRefused, match="理由"):
        move_on_path(application, "rejected", commission_user, via_decision=True)
    application.refresh_from_db()
    assert application.state == "under_review" and not application.history.exists()
