"""Deadline-day saves (issue 9): a save id answered again instead of a false conflict, four SQL
statements per save, the application row locked alone, versions that store only what changed."""

import datetime
import json
import threading
import uuid
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factorytier.applications import drafts, versions
from factorytier.applications.drafts import DraftInvalid, save_draft
from factorytier.applications.models import Application, State, Version
from factorytier.applications.versions import json_delta, rebuild, restore
from factorytier.audit.models import AuditEntry

from ..factories import ApplicationFactory, ready_application

pytestmark = pytest.mark.django_db


def autosave(client, application, changes, version, save_id=None):
    body = {"version": version, "changes": changes, **({"save_id": save_id} if save_id else {})}
    return client.post(f"/applications/{application.pk}/autosave/", json.dumps(body, ensure_ascii=False),
                       content_type="application/json")


def statements(queries) -> list[str]:
    # The test wraps every test in a transaction, so the save's own `atomic` becomes a SAVEPOINT and a
    # RELEASE; in production it is BEGIN/COMMIT on the connection. Neither is a statement of the save.
    return [q["sql"] for q in queries if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


# --- a save sent again after a time-out -------------------------------------------------------------

def test_a_replayed_save_id_gets_the_original_answer_not_409(editor, draft):
    v0, save_id = draft.version, str(uuid.uuid4())
    first = autosave(editor, draft, {"factory.summary": "超时前已保存的修改"}, v0, save_id)
    assert first.status_code == 200 and first.json()["version"] == v0 + 1
    # The client gave up waiting and sends the very same save again, still based on v0.
    again = autosave(editor, draft, {"factory.summary": "超时前已保存的修改"}, v0, save_id)
    assert again.status_code == 200
    assert again.json()["version"] == v0 + 1 and again.json()["replayed"] is True
    assert again.json()["saved_at"] == first.json()["saved_at"]
    assert draft.versions.filter(number__gt=v0).count() == 1  # applied once
    assert AuditEntry.objects.filter(action="application.save").count() == 1


def test_a_stale_save_without_that_id_is_still_a_conflict(editor, draft):
    v0 = draft.version
    autosave(editor, draft, {"factory.summary": "甲"}, v0, str(uuid.uuid4()))
    assert autosave(editor, draft, {"factory.summary": "乙"}, v0, str(uuid.uuid4())).status_code == 409
    assert autosave(editor, draft, {"factory.summary": "乙"}, v0).status_code == 409
    draft.refresh_from_db()
    assert draft.content["factory"]["summary"] == "甲"


def test_a_replayed_save_id_over_the_api(editor, draft):
    save_id = str(uuid.uuid4())

    def patch():
        return editor.patch(f"/api/v1/applications/{draft.pk}",
                            json.dumps({"changes": {"factory.summary": "经 API 保存"}, "save_id": save_id}),
                            content_type="application/json", HTTP_IF_MATCH=f'"{draft.version}"')

    first, again = patch(), patch()
    assert first.status_code == again.status_code == 200
    assert first.json()["version"] == again.json()["version"] == draft.version + 1 and again.json()["replayed"]


def test_a_malformed_save_id_is_refused_by_name(editor, draft):
    response = autosave(editor, draft, {"factory.summary": "x"}, draft.version, "not-a-uuid")
    assert response.status_code == 422 and response.json()["errors"][0]["path"] == "save_id"
    with pytest.raises(DraftInvalid):
        save_draft(draft, {"factory.summary": "x"}, draft.version, editor, save_id="x" * 1000)


# --- small, cheap saves ---------------------------------------------------------------------------

def test_a_save_is_four_sql_statements(draft):
    from ..factories import enterprise_user

    user = enterprise_user(draft.enterprise)
    with CaptureQueriesContext(connection) as ctx:
        save_draft(draft.pk, {"factory.summary": "四条语句"}, draft.version, user, str(uuid.uuid4()))
    sql = statements(ctx.captured_queries)
    assert len(sql) <= 4, "\n".join(sql)
    # The same for a checkpoint save and for a save of 30 fields at once.
    draft.refresh_from_db()
    # Level KPIs take baseline and current value; change KPIs (…缩短/提升/下降/降低) one change value.
    level = (1, 2, 3, 4, 5, 7, 19, 20, 21)
    changes = {f"effects.kpis.{n}.current": str(n) for n in level}
    changes |= {f"effects.kpis.{n}.baseline": "1" for n in level}
    changes |= {f"effects.kpis.{n}.change": str(n) for n in range(8, 20) if n not in level}
    with CaptureQueriesContext(connection) as ctx:
        save_draft(draft.pk, changes, draft.version, user)
    assert len(statements(ctx.captured_queries)) <= 4


def test_the_save_locks_the_application_row_alone_with_one_fixed_statement(draft):
    from ..factories import enterprise_user

    user = enterprise_user(draft.enterprise)
    with CaptureQueriesContext(connection) as ctx:
        save_draft(draft.pk, {"factory.summary": "固定语句"}, draft.version, user)
    read = statements(ctx.captured_queries)[0]
    assert read.startswith('SELECT "applications_application"."id"') and '"campaigns_campaign"' in read
    if connection.features.has_select_for_update_of:
        assert read.endswith('FOR UPDATE OF "applications_application"'), read


def test_another_enterprises_draft_is_refused_as_before_without_saying_it_exists(draft):
    from factorytier.applications.selectors import applications_for_user

    from ..factories import EnterpriseFactory, enterprise_user, recommender

    stranger, officer = enterprise_user(EnterpriseFactory()), recommender(draft.enterprise.recommending_unit)
    before = Application.objects.get(pk=draft.pk).version
    for who in (stranger, officer):
        with pytest.raises(Application.DoesNotExist):  # the views answer 403 for a missing one and for this
            drafts.apply_save(draft.pk, {"factory.summary": "越权"}, draft.version, who,
                              queryset=applications_for_user(who))
    with pytest.raises(Application.DoesNotExist):
        drafts.apply_save(999_999, {"factory.summary": "不存在"}, 1, stranger, queryset=applications_for_user(stranger))
    assert Application.objects.get(pk=draft.pk).version == before


def test_editing_is_only_ever_granted_on_what_the_user_sees(draft):
    """The save's fixed read relies on it: whoever `applications.edit` lets in, the selector shows."""
    from factorytier.accounts.choices import Role
    from factorytier.applications.selectors import applications_for_user
    from factorytier.core.permissions import can

    from ..factories import EnterpriseFactory, UserFactory, enterprise_user, recommender

    others = [ApplicationFactory(enterprise=draft.enterprise, campaign=draft.campaign, tier="leading"),
              ApplicationFactory(enterprise=EnterpriseFactory(), campaign=draft.campaign)]
    apps = [draft, *others]
    for i, state in enumerate([State.DRAFT, State.RETURNED, State.SUBMITTED]):
        Application.objects.filter(pk=apps[i].pk).update(state=state)
    people = [enterprise_user(draft.enterprise), enterprise_user(others[1].enterprise),
              recommender(draft.enterprise.recommending_unit), UserFactory(role=Role.COMMISSION),
              UserFactory(role=Role.EXPERT), UserFactory(role=Role.ADMIN, is_superuser=True, is_staff=True)]
    editable = 0
    for user in people:
        seen = set(applications_for_user(user).values_list("pk", flat=True))
        for application in Application.objects.select_related("campaign", "enterprise"):
            if can(user, "applications.edit", application):
                editable += 1
                assert application.pk in seen, (user.role, application.pk)
    assert editable == 3  # the draft's enterprise: its two; the other enterprise: its one


def test_the_web_autosave_reads_the_row_once_and_answers_small(editor, draft):
    with CaptureQueriesContext(connection) as ctx:
        response = autosave(editor, draft, {"factory.summary": "一次读取"}, draft.version, str(uuid.uuid4()))
    assert response.status_code == 200
    sql = statements(ctx.captured_queries)
    # the session, the user, then the save's four
    assert len(sql) <= 6, "\n".join(sql)
    assert sum('FROM "applications_application"' in s for s in sql) == 1
    assert len(response.content) < 200


def test_the_api_answers_the_new_version_in_utf8_and_findings_only_when_asked(editor, draft):
    response = editor.patch(f"/api/v1/applications/{draft.pk}", json.dumps({"changes": {"factory.summary": "小"}}),
                            content_type="application/json", HTTP_IF_MATCH=f'"{draft.version}"')
    body = response.json()
    assert response.status_code == 200 and body["version"] == draft.version + 1 and body["findings"] is None
    assert "content" not in body and len(response.content) < 300
    asked = editor.patch(f"/api/v1/applications/{draft.pk}?findings=true", json.dumps({"changes": {"factory.summary": "大"}}),
                         content_type="application/json", HTTP_IF_MATCH=f'"{draft.version + 1}"')
    assert asked.json()["findings"]["eligible"] is True
    conflict = editor.patch(f"/api/v1/applications/{draft.pk}", json.dumps({"changes": {"factory.summary": "旧"}}),
                            content_type="application/json", HTTP_IF_MATCH=f'"{draft.version}"')
    assert conflict.status_code == 409
    assert "申报书已被他人修改".encode() in conflict.content and b"\\u" not in conflict.content


def test_a_save_does_not_run_the_rule_engine(editor, draft):
    with mock.patch("factorytier.applications.submission.evaluate", side_effect=AssertionError("engine ran")):
        assert autosave(editor, draft, {"factory.summary": "无需自查"}, draft.version).status_code == 200
        response = editor.patch(f"/api/v1/applications/{draft.pk}", json.dumps({"changes": {"factory.summary": "x"}}),
                                content_type="application/json", HTTP_IF_MATCH=f'"{draft.version + 1}"')
        assert response.status_code == 200


def test_a_token_use_is_written_at_most_once_a_minute(draft):
    from django.test import Client

    from factorytier.accounts.models import ApiToken
    from factorytier.accounts.services import create_api_token, user_for_token
    from factorytier.core import clock

    from ..factories import enterprise_user

    user = enterprise_user(draft.enterprise)
    clear = create_api_token(user, "bench")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {clear}")
    start = clock.shanghai(2026, 6, 1, 10)
    with clock.frozen_at(start):
        assert user_for_token(clear) == user
        first = ApiToken.objects.get(user=user).last_used_at
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/applications").status_code == 200
        assert not [q for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    with clock.frozen_at(start + datetime.timedelta(seconds=61)):
        user_for_token(clear)
    assert ApiToken.objects.get(user=user).last_used_at > first


# --- versions store only what changed, and rebuild exactly -----------------------------------------

def test_versions_after_the_first_store_only_the_changes(editor, draft):
    # (the fixture's draft has no version yet, so its first save is the full copy)
    autosave(editor, draft, {"factory.outcomes": "首次保存"}, draft.version)
    autosave(editor, draft, {"factory.summary": "只存修改"}, draft.version + 1)
    first, newest = draft.versions.order_by("number")
    assert first.content is not None and first.delta is None
    assert newest.content is None and newest.delta == [[["factory", "summary"], "只存修改"]]
    assert rebuild(draft.pk, newest.number)[1]["factory"]["summary"] == "只存修改"


def test_old_full_copy_versions_keep_working(editor, draft):
    # A version kept before deltas existed: a full copy, and the application's checkpoint.
    old = Version.objects.create(application=draft, number=draft.version, title=draft.title, content=draft.content,
                                 changed=[], saved_at=draft.updated_at)
    Application.objects.filter(pk=draft.pk).update(checkpoint_version=old.number)
    autosave(editor, draft, {"factory.summary": "新版本"}, draft.version)
    compare = editor.get(f"/applications/{draft.pk}/versions/compare/", {"a": old.number, "b": old.number + 1})
    assert "<ins>" in compare.content.decode() and "新版本" in compare.content.decode()


ALPHABET = st.sampled_from(list("甲乙丙丁智能工厂 abc12"))
TEXT = st.text(ALPHABET, max_size=12)
SAVE = st.one_of(
    st.fixed_dictionaries({"factory.summary": TEXT}),
    st.fixed_dictionaries({"scenes.overall": TEXT, "factory.outcomes": TEXT}),
    st.fixed_dictionaries({"factory.integrators": st.lists(TEXT.filter(str.strip), max_size=3)}),
    st.fixed_dictionaries({"title": TEXT.filter(str.strip)}),
    st.fixed_dictionaries({"effects.kpis.1.baseline": st.sampled_from(["", "1", "2.5", "100"]),
                           "effects.kpis.1.current": st.sampled_from(["", "3", "4.25"])}),
    st.just("restore"),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(SAVE, min_size=1, max_size=14), every=st.integers(min_value=1, max_value=5))
def test_any_sequence_of_saves_rebuilds_every_version_exactly(db, steps, every):
    from ..factories import enterprise_user

    with mock.patch.object(versions, "CHECKPOINT_EVERY", every), transaction.atomic():
        application = ready_application()
        user = enterprise_user(application.enterprise)
        versions.keep_version(application, user, [], note="新建")
        saved = {application.version: (application.title, json.loads(json.dumps(application.content)))}
        for step in steps:
            if step == "restore":
                application = restore(application, min(saved), application.version, user)
            else:
                application = save_draft(application, step, application.version, user)
            application.refresh_from_db()
            saved[application.version] = (application.title, json.loads(json.dumps(application.content)))
        for number, (title, content) in saved.items():
            assert rebuild(application.pk, number) == (title, content), number
        transaction.set_rollback(True)


@given(old=st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
                        lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
                        max_leaves=12),
       new=st.recursive(st.none() | st.booleans() | st.integers() | TEXT,
                        lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
                        max_leaves=12))
def test_a_delta_turns_any_json_object_into_any_other(old, new):
    old, new = {"x": old}, {"x": new}
    rebuilt = versions.apply_delta(json.loads(json.dumps(old)), json_delta(old, new))
    assert json.dumps(rebuilt, sort_keys=True) == json.dumps(new, sort_keys=True)


# --- comparing is bounded -------------------------------------------------------------------------

def test_comparing_30000_digit_values_is_bounded():
    import random
    import time

    rng = random.Random(9)
    a = "".join(rng.choice("0123456789") for _ in range(30_000))
    b = "".join(rng.choice("0123456789") for _ in range(30_000))
    start = time.process_time()
    html = versions._inline_diff(a, b)
    assert time.process_time() - start < 10  # today: over 120 s; bounded by DIFF_TIMEOUT (0.5 s) plus cleanup
    assert "<ins>" in html and "<del>" in html
    assert versions._inline_diff("建设柔性产线", "建设柔性产线与数字孪生") == "建设柔性产线<ins>与数字孪生</ins>"


# --- the lock is on the application row only (PostgreSQL) -----------------------------------------

@pytest.mark.django_db(transaction=True)
def test_a_save_holding_one_drafts_lock_does_not_block_another_draft_of_the_campaign():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite locks the whole file)")
    from django.db import connections

    from ..factories import enterprise_user

    first = ready_application()
    second = ApplicationFactory(campaign=first.campaign, content=first.content)
    users = {first.pk: enterprise_user(first.enterprise), second.pk: enterprise_user(second.enterprise)}
    locked, release = threading.Event(), threading.Event()
    real_keep = drafts.keep_version
    errors = []

    def slow_keep(application, *args, **kwargs):
        if application.pk == first.pk:  # the first save holds its lock here until told to go on
            locked.set()
            release.wait(15)
        return real_keep(application, *args, **kwargs)

    def first_save():
        try:
            save_draft(first.pk, {"factory.summary": "慢的保存"}, first.version, users[first.pk])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    with mock.patch.object(drafts, "keep_version", slow_keep):
        thread = threading.Thread(target=first_save)
        thread.start()
        try:
            assert locked.wait(15)
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            # Would wait for the first save (and fail after 2 s) if the campaign row were locked too.
            saved = save_draft(second.pk, {"factory.summary": "同一批次的另一份"}, second.version, users[second.pk])
            assert saved.version == second.version + 1
        finally:
            release.set()
            thread.join(20)
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = 0")
    assert not errors
    first.refresh_from_db()
    assert first.content["factory"]["summary"] == "慢的保存"


def test_a_version_that_cannot_be_rebuilt_is_a_message_not_a_500(editor, draft):
    v = draft.version
    for k in range(3):
        autosave(editor, draft, {"factory.summary": f"第{k}稿"}, v + k)
    Version.objects.filter(application=draft, number=v + 2).delete()  # a hole in the chain
    response = editor.get(f"/applications/{draft.pk}/versions/compare/", {"a": v + 1, "b": v + 3})
    assert response.status_code == 302
    response = editor.post(f"/applications/{draft.pk}/versions/{v + 3}/restore/", {"version": v + 3})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version == v + 3
