"""The editor's own words in English (issue 12 item 5): what it says while the applicant types, a refused
field, a conflict and the restore offer, in a browser that asks for English."""

import re

import pytest

from factorytier.accounts.models import User
from factorytier.applications.drafts import save_draft
from factorytier.core.language import HAN

from .conftest import open_demo_editor, wait_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_editor(live_server, browser, monkeypatch):
    context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 900})
    page, application = open_demo_editor(context.new_page(), live_server.url, monkeypatch)
    assert page.evaluate("document.documentElement.lang") == "en"
    yield page, application
    context.close()


def status(page) -> str:
    return page.inner_text("#save-status")


def test_typing_in_english_says_saved_and_counts_characters(english_editor):
    page, application = english_editor
    page.fill("[data-path='factory.summary']", "同时在写的项目简介段落")
    wait_js(page, "document.getElementById('save-status').textContent.startsWith('Saved automatically at ')")
    assert not HAN.search(status(page))
    counter = page.inner_text("[data-counter-for='factory.summary']")
    assert counter.endswith(" characters") and counter.startswith("11 / ")
    application.refresh_from_db()
    assert application.content["factory"]["summary"] == "同时在写的项目简介段落"


def test_a_refused_field_and_a_conflict_are_told_in_english(english_editor):
    page, application = english_editor
    page.fill("[data-path='factory.total_investment']", "一百万")
    page.wait_for_selector("text=Total investment (10,000 yuan): enter a number")
    assert status(page).startswith("Some fields do not meet the requirements")
    page.fill("[data-path='factory.total_investment']", "1000")
    wait_js(page, "document.getElementById('save-status').textContent.startsWith('Saved automatically at ')")

    owner = User.objects.get(username="demo-enterprise")
    application.refresh_from_db()
    save_draft(application, {"factory.outcomes": "同事先保存的内容"}, application.version, owner)  # another editor
    page.on("dialog", lambda d: d.accept())
    page.fill("[data-path='factory.summary']", "我这边写的段落")
    wait_js(page, "document.getElementById('save-status').textContent.startsWith('Someone else has changed the application')")
    assert "your changes are kept in this browser" in status(page)
    page.reload()
    page.wait_for_selector("#restore-bar:not([hidden])")
    offer = page.inner_text("#restore-bar")
    assert "the server has since been updated to version" in offer
    assert not HAN.search(offer) and "）" not in offer, offer
    assert offer.startswith("Changes held in this browser and not yet saved to the server: 1 (") and re.search(r"\(\d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d:\d\d", offer)
