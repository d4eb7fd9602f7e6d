"""What keeps deadline day's hot path cheap (issue 9): the draft stored as UTF-8 JSON (lz4-compressed on
PostgreSQL), a save that copies only what it changes, a log-in that looks the account up once and writes no
second access log, and the editor's table rows written without the template engine, escaped."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factorytier.applications import drafts
from factorytier.applications.content import put
from factorytier.applications.models import Application
from factorytier.core import clock
from factorytier.core.jsontext import UnicodeJSONEncoder

from ..factories import PASSWORD, enterprise_user

pytestmark = pytest.mark.django_db


def autosave(client, application, changes):
    application.refresh_from_db()
    body = {"version": application.version, "changes": changes}
    return client.post(f"/applications/{application.pk}/autosave/", json.dumps(body, ensure_ascii=False),
                       content_type="application/json")


# --- storage ----------------------------------------------------------------------------------------

def test_the_encoder_writes_chinese_as_utf8_not_escapes():
    text = json.dumps({"summary": "柔性产线"}, cls=UnicodeJSONEncoder)
    assert text == '{"summary": "柔性产线"}'


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's jsonb keeps no text of its own")
def test_a_saved_draft_is_stored_as_utf8_text(draft, editor):
    assert autosave(editor, draft, {"factory.summary": "建设柔性产线"}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM applications_application WHERE id = %s", [draft.pk])
        raw = cursor.fetchone()[0]
    assert "建设柔性产线" in raw and "\\u5efa" not in raw


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST compression is PostgreSQL's")
def test_the_large_json_columns_are_compressed_with_lz4_where_the_server_has_it():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
        if not row or not row[0]:
            pytest.skip("this PostgreSQL was built without lz4")
        cursor.execute("""SELECT attrelid::regclass::text || '.' || attname, attcompression FROM pg_attribute
                          WHERE (attrelid = 'applications_application'::regclass AND attname = 'content')
                             OR (attrelid = 'applications_version'::regclass AND attname = 'content')
                             OR (attrelid = 'applications_snapshot'::regclass AND attname = 'data')""")
        columns = dict(cursor.fetchall())
    assert columns == {"applications_application.content": "l", "applications_version.content": "l",
                       "applications_snapshot.data": "l"}


# --- a save copies only what it changes -------------------------------------------------------------------

def test_copying_along_the_changed_paths_leaves_the_saved_content_untouched():
    old = {"factory": {"summary": "旧", "start": "2024-01"}, "attestations": {"R.EX.E2": True, "R.B5": True},
           "scenes": {"scenarios": [{"scenario": "甲"}]}}
    before = json.loads(json.dumps(old))
    paths = ["factory.summary", "attestations.R.EX.E2", "effects.kpis.4.current"]
    new = drafts._copy_along(old, paths)
    put(new, "factory.summary", "新")
    put(new, "attestations.R.EX.E2", None)  # an answer withdrawn
    put(new, "effects.kpis.4.current", "12")
    assert old == before
    assert new["factory"] == {"summary": "新", "start": "2024-01"}
    assert new["attestations"] == {"R.B5": True} and new["effects"] == {"kpis": {"4": {"current": "12"}}}
    assert new["scenes"] is old["scenes"]  # untouched parts are shared, not copied


def test_a_save_keeps_the_earlier_version_exactly(draft, editor):
    from factorytier.applications.versions import rebuild

    assert autosave(editor, draft, {"factory.summary": "第一次修改"}).status_code == 200
    draft.refresh_from_db()
    earlier, number = json.loads(json.dumps(draft.content)), draft.version
    assert autosave(editor, draft, {"factory.summary": "改过的简介", "effects.kpis.1.current": "88"}).status_code == 200
    assert rebuild(draft.pk, number)[1] == earlier
    draft.refresh_from_db()
    assert draft.content["factory"]["summary"] == "改过的简介" and draft.content["effects"]["kpis"]["1"]["current"] == "88"


# --- log-in ------------------------------------------------------------------------------------------

def test_a_log_in_looks_the_account_up_once_and_writes_no_second_access_log(client):
    enterprise_user(username="factory-it", mobile="13811112222")
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/accounts/login/", {"username": "factory-it", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    sql = [q["sql"] for q in ctx.captured_queries]
    by_name = [s for s in sql if s.startswith("SELECT") and '"accounts_user"."mobile"' in s and "axes" not in s]
    # One read of the account serves the lock-out's account name (axes asks before and after the password
    # check) and the password check itself.
    assert len(by_name) == 1, by_name
    assert not any("axes_accesslog" in s for s in sql)
    # The new session's key is inserted, not asked about first (the insert refuses a taken key), and it is
    # written once, with the logged-in user: not inserted and then updated.
    assert not any(s.startswith("SELECT 1") and '"django_session"' in s for s in sql)
    assert sum(1 for s in sql if s.startswith('INSERT INTO "django_session"')) == 1
    assert not any(s.startswith('UPDATE "django_session"') for s in sql)
    # The lock-out reads the attempts twice: the pair's and the address's failures by one statement before the
    # password check, and after it one light read for what a success clears (expired attempts and the pair's).
    assert sum(1 for s in sql if '"axes_accessattempt"' in s) == 2, sql
    # Nothing to reset on a clean log-in: no delete, no empty transaction.
    assert not any(s.startswith("DELETE") for s in sql) and len(sql) <= 9, sql
    assert client.get("/accounts/profile/").status_code == 200


def test_a_session_from_before_the_log_in_is_not_carried_into_it(client):
    from django.contrib.sessions.models import Session

    from factorytier.accounts.sessions import SessionStore

    enterprise_user(username="factory-it")
    before = SessionStore()
    before["note"] = "planted"
    before.create()
    client.cookies["sessionid"] = before.session_key
    assert client.post("/accounts/login/", {"username": "factory-it", "password": PASSWORD}).status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before.session_key and not Session.objects.filter(session_key=before.session_key).exists()
    assert SessionStore(session_key=after).load()["_auth_user_id"]
    assert client.get("/accounts/profile/").status_code == 200


def test_a_log_in_clears_the_pairs_failures_and_expired_attempts(client):
    from axes.models import AccessAttempt

    enterprise_user(username="factory-it")
    for _ in range(3):
        client.post("/accounts/login/", {"username": "factory-it", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    old = AccessAttempt.objects.create(username="someone-else", ip_address="10.9.9.9", user_agent="", failures_since_start=2,
                                       get_data="", post_data="", http_accept="", path_info="/accounts/login/")
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=clock.now() - datetime.timedelta(hours=2))
    assert AccessAttempt.objects.get(ip_address="10.1.2.3").failures_since_start == 3
    assert AccessAttempt.objects.count() == 2
    response = client.post("/accounts/login/", {"username": "factory-it", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()  # the pair's 3 failures, and the 2-hour-old attempt


def test_failed_log_ins_are_still_counted_and_lock(client):
    enterprise_user(username="factory-it")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "factory-it", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    response = client.post("/accounts/login/", {"username": "factory-it", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    assert response.status_code != 302


# --- the editor's rows -------------------------------------------------------------------------------

def editor_page(client, application) -> str:
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)):
        response = client.get(f"/applications/{application.pk}/edit/")
    assert response.status_code == 200
    return response.content.decode()


def test_scenario_rows_are_escaped_and_keep_the_saved_choices(draft, editor):
    rows = [dict(s) for s in draft.content["scenes"]["scenarios"]]
    rows[0].update(scenario='<script>alert("场景")</script>', instance="A&B 产线", description="</textarea><b>x</b>",
                   uses_ai=True, ai_models='"模型"')
    rows[1]["uses_ai"] = False
    assert autosave(editor, draft, {"scenes.scenarios": rows}).status_code == 200
    page = editor_page(editor, draft)
    table = page[page.index('<table id="scenario-table"'):page.index("</table>", page.index('<table id="scenario-table"'))]
    assert "<script>" not in table and "&lt;script&gt;alert(&quot;场景&quot;)&lt;/script&gt;" in table
    assert 'value="A&amp;B 产线"' in table and "&lt;/textarea&gt;&lt;b&gt;x&lt;/b&gt;</textarea>" in table
    assert 'value="&quot;模型&quot;"' in table
    body = re.findall(r"<tr data-row>.*?</tr>", table, re.S)
    assert len(body) == len(rows)
    assert 'data-col="uses_ai" aria-label="应用人工智能技术" checked>' in body[0]
    assert 'data-col="uses_ai" aria-label="应用人工智能技术">' in body[1]
    link = rows[0]["guide_link"]
    assert f'<option value="{link}" selected>' in body[0] and body[0].count(" selected>") == 1
    blank = page[page.index('<template id="scenario-row">'):page.index("</template>", page.index('<template id="scenario-row">'))]
    assert " selected>" not in blank and " checked>" not in blank and 'value=""' in blank


def test_the_rows_speak_english_to_an_english_user(draft, editor):
    editor.cookies["django_language"] = "en"
    page = editor_page(editor, draft)
    assert 'aria-label="Scenario description"' in page or 'aria-label="Description"' in page
    assert "请选择" not in page[page.index('<table id="scenario-table"'):]
    assert ": direction of change" in page


def test_application_rows_are_independent_of_each_other(draft, editor):
    # A row's choices never leak into the next (the options are shared between rows).
    rows = [dict(s) for s in draft.content["scenes"]["scenarios"]]
    links = [r["guide_link"] for r in rows]
    assert autosave(editor, draft, {"scenes.scenarios": rows}).status_code == 200
    page = editor_page(editor, draft)
    table = page[page.index('<table id="scenario-table"'):page.index("</table>", page.index('<table id="scenario-table"'))]
    body = re.findall(r"<tr data-row>.*?</tr>", table, re.S)
    for row, link in zip(body, links, strict=True):
        assert re.findall(r'<option value="([^"]*)" selected>', row) == ([link] if link else [])
    assert Application.objects.get(pk=draft.pk).content["scenes"]["scenarios"] == rows


def field_block(page: str, key: str) -> str:
    start = page.index(f'<div class="field" data-field="{key}">')
    return page[start:page.index('<ul class="errorlist"', start)]


def test_field_values_are_escaped_in_inputs_and_text_areas(draft, editor):
    assert autosave(editor, draft, {"factory.summary": '</textarea><script>alert("概况")</script>',
                                    "title": '项目 "A&B"'}).status_code == 200
    page = editor_page(editor, draft)
    summary = field_block(page, "factory.summary")
    assert "<script>" not in summary
    assert '>&lt;/textarea&gt;&lt;script&gt;alert(&quot;概况&quot;)&lt;/script&gt;</textarea>' in summary
    assert 'data-path="factory.summary"' in summary and 'data-limit="' in summary


def test_a_field_taken_from_the_profile_is_shown_read_only_and_never_saved(draft, editor):
    page = editor_page(editor, draft)
    name = field_block(page, "basic.enterprise_name")
    assert 'readonly aria-readonly="true"' in name and "data-path" not in name
    assert f'value="{draft.enterprise.name}"' in name and '<span class="required">' not in name
    assert "取自企业注册信息" in name


def test_every_field_of_every_section_has_its_input_label_and_error_list(draft, editor):
    from factorytier.applications.presenters import editor_sections

    page = editor_page(editor, draft)
    for section in editor_sections(draft):
        for field in section["fields"]:
            key = field["key"]
            block = page[page.index(f'<div class="field" data-field="{key}">'):]
            assert f'<label for="f-{key}"' in block[:400]
            assert f'id="f-{key}"' in block and f'<ul class="errorlist" data-error-for="{key}"></ul>' in block
            if field["required"] and not field["from_profile"]:
                assert '<span class="required">*</span></label>' in block[:block.index("</label>") + 8]


def test_the_attestation_rows_keep_each_clause_and_its_tick(draft, editor):
    from factorytier.applications.presenters import declared_clauses

    clauses = declared_clauses(draft.tier)
    first, second = clauses[0].id, clauses[1].id
    assert autosave(editor, draft, {f"attestations.{first}": True, f"attestations.{second}": None}).status_code == 200
    page = editor_page(editor, draft)
    table = page[page.index('id="section-attestations"'):page.index('id="attachments"')]
    assert len(re.findall(r'data-path="attestations\.', table)) == len(clauses)
    assert re.search(rf'id="att-{re.escape(first)}" data-path="attestations\.{re.escape(first)}" data-unchecked-null checked>', table)
    assert re.search(rf'id="att-{re.escape(second)}" data-path="attestations\.{re.escape(second)}" data-unchecked-null>', table)
    assert f"<code>{first}</code>" in table


# --- the reads every request makes -------------------------------------------------------------------

def test_a_request_reads_its_session_and_user_by_one_fixed_statement_each(draft, editor):
    with CaptureQueriesContext(connection) as ctx:
        assert editor.get("/healthz").status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len(sql) == 2, sql
    assert sql[0].startswith('SELECT "session_data" FROM "django_session"')
    assert '"accounts_user"' in sql[1]


def test_the_navigation_bar_names_the_organisation_from_the_user_statement(draft, editor, client, login):
    from factorytier.accounts.models import Enterprise

    from ..factories import recommender

    Enterprise.objects.filter(pk=draft.enterprise_id).update(name="上海改名后的智能装备有限公司")
    officer = recommender(draft.enterprise.recommending_unit)
    for who, url, name in ((lambda: editor, f"/applications/{draft.pk}/edit/", "上海改名后的智能装备有限公司"),
                           (lambda: login(officer), "/applications/", officer.unit.name)):
        who = who()  # the fixtures share one client: the officer logs in after the enterprise's page
        with CaptureQueriesContext(connection) as ctx:
            page = who.get(url).content.decode()
        assert name in page  # read fresh on every request: a renamed enterprise shows its new name
        own_reads = [q["sql"] for q in ctx.captured_queries
                     if re.search(r'FROM "accounts_(enterprise|recommendingunit)" WHERE', q["sql"])]
        assert own_reads == [], own_reads


def test_a_submit_answers_from_its_locked_read_and_reads_nothing_after_it(draft, editor):
    with clock.frozen_at(clock.shanghai(2025, 7, 1, 10)), CaptureQueriesContext(connection) as ctx:
        response = editor.post(f"/applications/{draft.pk}/move/", {"to_state": "submitted", "confirmed": "1"})
    assert response.status_code == 302
    sql = [q["sql"] for q in ctx.captured_queries]
    locked = max(i for i, s in enumerate(sql) if s.startswith('SELECT') and '"applications_application"' in s)
    assert any(s.startswith('UPDATE "applications_application"') for s in sql[locked:]), sql  # nothing read after the move
    draft.refresh_from_db()
    assert draft.state == "submitted" and draft.snapshots.count() == 1


def test_an_expired_or_unknown_session_is_logged_out(draft, editor):
    from django.contrib.sessions.models import Session

    key = editor.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=clock.now() - datetime.timedelta(seconds=1))
    assert editor.get(f"/applications/{draft.pk}/edit/").status_code == 302
    editor.cookies["sessionid"] = "x" * 32
    assert editor.get(f"/applications/{draft.pk}/edit/").status_code == 302


def test_a_deactivated_user_is_logged_out_at_the_next_request(draft, editor):
    from factorytier.accounts.models import User

    assert editor.get(f"/applications/{draft.pk}/edit/").status_code == 200
    User.objects.filter(enterprise=draft.enterprise).update(is_active=False)
    assert editor.get(f"/applications/{draft.pk}/edit/").status_code == 302


def test_a_token_is_read_with_its_user_and_refused_once_revoked_expired_or_inactive(draft):
    from factorytier.accounts.models import ApiToken, User
    from factorytier.accounts.services import create_api_token, user_for_token

    owner = enterprise_user(draft.enterprise)
    clear = create_api_token(owner, "测试")[1]
    found = user_for_token(clear)
    assert found == owner and found.enterprise_id == owner.enterprise_id and found.is_active
    token = ApiToken.objects.get(digest=ApiToken.hash(clear))
    assert token.last_used_at is not None and clock.now() - token.last_used_at < datetime.timedelta(minutes=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=clock.now() - datetime.timedelta(seconds=1))
    assert user_for_token(clear) is None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=None)
    assert user_for_token(clear) == owner
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert user_for_token(clear) is None
    User.objects.filter(pk=owner.pk).update(is_active=True)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=clock.now())
    assert user_for_token(clear) is None
    assert user_for_token("ft_not-a-token") is None


def test_a_new_session_key_that_is_taken_is_drawn_again():
    from unittest import mock

    from factorytier.accounts.sessions import SessionStore

    taken = SessionStore()
    taken.create()
    keys = iter([taken.session_key, "z" * 32])
    store = SessionStore()
    with mock.patch.object(SessionStore, "_get_new_session_key", lambda self: next(keys)):
        store.create()
    assert store.session_key == "z" * 32 and SessionStore(session_key=taken.session_key).exists(taken.session_key)


def test_the_scenario_suggestions_are_what_the_template_wrote(draft, editor):
    from django.template import Context, Template

    from factorytier.applications.editor_rows import guide_datalists

    catalogue = draft.campaign.policy_catalogue
    reference = Template(
        "{% load core_tags %}{% for link in guide_links %}<datalist id=\"guide-{{ forloop.counter0 }}\">"
        "{% for name in scenarios_by_link|get_item:link %}<option value=\"{{ name }}\">{% endfor %}</datalist>{% endfor %}"
    ).render(Context({"guide_links": catalogue.guide_links, "scenarios_by_link": dict(catalogue.scenarios_by_link)}))
    assert guide_datalists(catalogue) == reference and reference.count("<datalist") == len(catalogue.guide_links)
    assert reference in editor_page(editor, draft)
