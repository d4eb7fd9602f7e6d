"""Issue 10, items 9 and 11 in a browser: the editor's headings come in 附件2 / 附件4's order, and a
returned draft's 附表 shows the KPIs that are themselves changes with one value. Screenshots of both
editors and of pages 3–5 of the PDF are kept in test-artifacts/ for a look by eye."""

import re
import subprocess

import pytest

from factorytier.applications.models import Application, State
from factorytier.applications.services import set_application_state
from factorytier.core import clock
from factorytier.rendering.jobs import render

from ..applications.test_shenbaoshu_fidelity import EXCELLENT_HEADINGS, LEADING_HEADINGS
from ..factories import PASSWORD, enterprise_user, ready_application
from .conftest import wait_js

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS_JS = """() => Array.from(document.querySelectorAll('#editor h2, #editor h3.part-heading'))
    .filter(h => !h.closest('#findings'))
    .map(h => (h.firstChild.textContent || '').trim())
    .filter(t => t && (/^\\d+\\. /.test(t) || t.startsWith('（')))"""


def open_editor(page, live_server, application):
    user = enterprise_user(application.enterprise)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/applications/{application.pk}/edit/")
    page.wait_for_selector("#kpi-table")


@pytest.mark.parametrize("tier, expected", [("excellent", EXCELLENT_HEADINGS), ("leading", LEADING_HEADINGS)])
def test_the_editors_headings_come_in_the_annexes_order(live_server, page, artifacts, tier, expected):
    application = ready_application(tier)
    open_editor(page, live_server, application)
    assert page.evaluate(HEADINGS_JS) == expected
    page.screenshot(path=str(artifacts / f"editor-{tier}.png"), full_page=True)
    for section in page.locator("#editor .panel[id^='section-']").all():  # one picture per section, readable
        section.screenshot(path=str(artifacts / f"editor-{tier}-{section.get_attribute('id')}.png"))


def test_a_returned_drafts_kpi_table_shows_change_kpis_with_one_value(live_server, page, artifacts):
    application = ready_application("excellent")
    application.content["effects"]["kpis"] = {"6": {"change": "35", "direction": "缩短"},
                                              "1": {"baseline": "45", "current": "78.5"}}
    application.save()
    Application.objects.filter(pk=application.pk).update(state=State.RETURNED)
    open_editor(page, live_server, application)
    change_rows = page.locator("#kpi-table tr[data-kpi-kind='change']")
    assert change_rows.count() == 12
    for i in range(12):
        assert change_rows.nth(i).locator("input").count() == 1  # one value (and its direction)
        assert change_rows.nth(i).locator("select").count() == 1
    row6 = page.locator("#kpi-6")
    assert row6.locator("input").input_value() == "35"
    assert row6.locator("select").input_value() == "缩短"
    assert page.locator("#kpi-1 input").count() == 2  # 基线值 and 当前值
    row6.locator("select").select_option("延长")
    wait_js(page, "window.factorytierEditor.pendingCount() === 0")
    application.refresh_from_db()
    assert application.content["effects"]["kpis"]["6"] == {"change": "35", "direction": "延长"}
    page.locator("#kpi-table").screenshot(path=str(artifacts / "editor-returned-kpis.png"))


def test_pdf_pages_three_to_five_for_a_look(artifacts, tmp_path):
    for tier in ("excellent", "leading"):
        application = ready_application(tier)
        with clock.frozen_at(clock.shanghai(2025, 7, 10, 9)):
            set_application_state(application, State.SUBMITTED, enterprise_user(application.enterprise))
        pdf = tmp_path / f"{tier}.pdf"
        pdf.write_bytes(render(application.snapshots.get(), "pdf"))
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "3", "-l", "5", str(pdf), str(artifacts / f"pdf-{tier}")],
                       check=True)
        assert len([p for p in artifacts.iterdir() if re.match(rf"pdf-{tier}-\d+\.png", p.name)]) >= 2
