"""Through the pages: what an expert may open, the commission's flow, nothing public before publication."""

import json

import pytest

from factorytier.applications.models import Application
from factorytier.decisions.models import Decision
from factorytier.notices.models import Notice
from factorytier.reviews import services
from factorytier.reviews.models import Assignment, Conflict, ScoreSheet

from ..factories import ApplicationFactory, CampaignFactory, enterprise_user
from .conftest import make_expert

pytestmark = pytest.mark.django_db
IDS = ["advancement", "scenarios", "integration", "outcomes", "ai", "promotion"]


@pytest.fixture
def setup(commission_user):
    campaign = CampaignFactory()
    mine, other = (ApplicationFactory(campaign=campaign, state="recommended") for _ in range(2))
    expert, colleague = make_expert("甲"), make_expert("乙")
    a = services.assign_by_hand(commission_user, mine, expert)
    b = services.assign_by_hand(commission_user, mine, colleague)
    services.publish_assignments(commission_user, campaign)
    return campaign, mine, other, expert, colleague, a, b


def post_scores(client, assignment, value, submit):
    data = {f"score_{i}": str(value) for i in IDS} | {f"comment_{i}": "意见" for i in IDS} | {"submit": "1" if submit else "0"}
    return client.post(f"/reviews/assignments/{assignment.pk}/", data)


def test_an_expert_never_opens_an_unassigned_application_or_another_experts_assignment(client, login, setup):
    _campaign, mine, other, expert, _colleague, a, b = setup
    login(expert)
    assert client.get(f"/reviews/assignments/{a.pk}/").status_code == 200
    assert client.get(f"/reviews/assignments/{b.pk}/").status_code == 404
    assert client.get(f"/applications/{other.pk}/").status_code == 404
    assert client.get(f"/decisions/applications/{mine.pk}/").status_code == 403
    assert client.get(f"/reviews/applications/{mine.pk}/experts/").status_code == 403


def test_a_conflicted_expert_loses_sight_of_the_application(client, login, setup, commission_user):
    _campaign, mine, _other, expert, _colleague, a, _b = setup
    services.pin_conflict(commission_user, expert, mine.enterprise, "advised")
    login(expert)
    assert client.get(f"/reviews/assignments/{a.pk}/").status_code == 404
    assert b"\xe6\x9a\x82\xe6\x97\xa0" in client.get("/reviews/").content  # 暂无


def test_no_other_scores_on_the_page_before_submitting(client, login, setup):
    _campaign, _mine, _other, expert, colleague, a, b = setup
    login(colleague)
    post_scores(client, b, 3, submit=True)
    login(expert)
    post_scores(client, a, 9, submit=False)
    page = client.get(f"/reviews/assignments/{a.pk}/").content.decode()
    assert "<h2>其他专家已提交的评分" not in page and "30.00" not in page
    post_scores(client, a, 9, submit=True)
    page = client.get(f"/reviews/assignments/{a.pk}/").content.decode()
    assert "<h2>其他专家已提交的评分" in page and "30.00" in page
    assert ScoreSheet.objects.filter(submitted_at__isnull=False).count() == 2


def test_declaring_a_conflict_on_the_page(client, login, setup):
    _campaign, mine, _other, expert, _colleague, a, _b = setup
    login(expert)
    response = client.post(f"/reviews/assignments/{a.pk}/conflict/", {"kind": "employment", "note": "2023年前任职"})
    assert response.status_code == 302
    assert Conflict.objects.get(expert=expert, enterprise=mine.enterprise).source == "on_opening"
    assert client.get(f"/reviews/assignments/{a.pk}/").status_code == 404


def test_bad_input_changes_nothing_and_names_the_field(client, login, setup):
    _campaign, _mine, _other, expert, _colleague, a, _b = setup
    login(expert)
    response = client.post(f"/reviews/assignments/{a.pk}/", {"score_advancement": "99", "submit": "1"}, follow=True)
    assert "先进性" in response.content.decode()
    assert not ScoreSheet.objects.exists()
    response = client.post(f"/reviews/assignments/{a.pk}/conflict/", {"kind": "x" * 5000})
    assert Assignment.objects.get(pk=a.pk).status == "assigned"


def test_writes_by_other_roles_change_nothing(client, login, setup, expert_user):
    campaign, mine, _other, expert, _colleague, _a, _b = setup
    for user in (expert, enterprise_user(mine.enterprise)):
        login(user)
        assert client.post(f"/reviews/campaigns/{campaign.pk}/assignments/auto/").status_code == 403
        assert client.post(f"/decisions/applications/{mine.pk}/decide/", {"outcome": "approved"}).status_code == 403
        assert client.post(f"/decisions/campaigns/{campaign.pk}/publish/").status_code == 403
    assert Assignment.objects.count() == 2 and not Decision.objects.exists()


def test_commission_flow_and_nothing_public_before_publication(client, login, setup, commission_user):
    campaign, mine, _other, _expert, _colleague, _a, _b = setup
    owner = enterprise_user(mine.enterprise)
    login(commission_user)
    client.post(f"/reviews/applications/{mine.pk}/move/", {"to_state": "under_review"})
    client.post(f"/decisions/applications/{mine.pk}/decide/", {"outcome": "approved", "reason": "评分优秀", "confirmed": "1"})
    assert client.get(f"/results/{campaign.pk}/").status_code == 404
    assert client.get(f"/results/{campaign.pk}.csv").status_code == 404
    assert client.get(f"/results/{campaign.pk}.json").status_code == 404
    assert campaign.name not in client.get("/results/").content.decode()
    assert not Notice.objects.filter(user=owner).exclude(subject__contains="评审中").exists()
    decision = Decision.objects.get()
    client.post("/decisions/outbox/", {"decision": [decision.pk]})
    assert Application.objects.get(pk=mine.pk).state == "approved"
    client.post(f"/decisions/campaigns/{campaign.pk}/publish/")
    client.logout()
    page = client.get(f"/results/{campaign.pk}/").content.decode()
    assert mine.enterprise.name in page and mine.title in page
    data = json.loads(client.get(f"/results/{campaign.pk}.json").content)
    assert [r["enterprise"] for r in data["results"]] == [mine.enterprise.name]
    csv_text = client.get(f"/results/{campaign.pk}.csv").content.decode("utf-8-sig")
    assert mine.enterprise.name in csv_text and "企业名称" in csv_text


def test_csv_stores_formula_like_text_as_text(client, commission_user):
    """The results CSV goes through the platform's one spreadsheet writer."""
    from factorytier.core.spreadsheet import csv_bytes

    text = csv_bytes([["=HYPERLINK(1)", "-1", "上海"]]).decode("utf-8-sig")
    assert text.strip() == "'=HYPERLINK(1),'-1,上海"


def test_the_scoring_criteria_are_worded_in_the_interface_language(client, login, setup):
    _campaign, _mine, _other, expert, _colleague, a, _b = setup
    login(expert)
    english = client.get(f"/reviews/assignments/{a.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Advancement" in english and 'aria-label="Use of AI"' in english and ">先进性<" not in english
    refused = client.post(f"/reviews/assignments/{a.pk}/", {"score_advancement": "99", "submit": "1"}, follow=True,
                          HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Advancement" in refused and not ScoreSheet.objects.exists()
    chinese = client.get(f"/reviews/assignments/{a.pk}/").content.decode()
    assert "先进性" in chinese and "Advancement" not in chinese


def test_a_criterion_english_name_must_be_text():
    from types import SimpleNamespace

    from factorytier.policy.errors import CatalogueError
    from factorytier.policy.workflows import review_settings

    def catalogue(criterion):
        data = {"experts_per_application": 5, "max_per_expert": 10, "criteria": {"excellent": [criterion]}}
        return SimpleNamespace(id="x", raw_sections={"review": ("x.yaml", data)}, _cache={})

    good = {"id": "a", "name": "先进性", "name_en": "Advancement", "weight": 100, "max": 10}
    criterion = review_settings(catalogue(good), "excellent").criteria[0]
    assert (criterion.name_in("en"), criterion.name_in("zh")) == ("Advancement", "先进性")
    with pytest.raises(CatalogueError, match="name_en"):
        review_settings(catalogue({**good, "name_en": 3}), "excellent")
