"""Rows for the recommendations app: the officer's queue, ranked lists, summary tables, registries, the
commission's overview, paper copies and exports. A's officer (`officer`) owns `list_a` (领航级, empty, A's
submitted application may be added); B's officer (`officer_other`) owns `list_b` (卓越级, holding B's
submitted application). No officer ever sees the other unit's list (404)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from .harness import ANY_REDIRECT, LOGIN, Row, expect, redirect_to

OVERSEE = dict(commission=200, admin=200)


def extend_world(world):
    from factorytier.accounts.models import RecommendingUnit
    from factorytier.applications.models import Application
    from factorytier.campaigns.models import Campaign
    from factorytier.core import clock
    from factorytier.recommendations import services
    from factorytier.recommendations.models import RegistryImport

    campaign = Campaign.objects.get(pk=world.keys["campaign"])
    unit_a = RecommendingUnit.objects.get(pk=world.keys["unit_a"])
    unit_b = RecommendingUnit.objects.get(pk=world.keys["unit_b"])
    list_a = services.list_for(unit_a, campaign, "leading")
    list_b = services.list_for(unit_b, campaign, "excellent")
    list_b = services.add_application(list_b, Application.objects.get(pk=world.keys["sub_b"]), world.users["officer_other"], None)
    reg = RegistryImport.objects.create(kind="pilot", file_name="揭榜.xlsx", uploaded_at=clock.now(), status="preview",
                                        rows=[], diff={"added": [], "changed": [], "removed": []})
    world.keys.update({"list_a": list_a.pk, "list_a_version": list_a.version, "list_b": list_b.pk,
                       "list_b_version": list_b.version, "reg_c": reg.pk})


def _registry_file(world):
    wb = Workbook()
    wb.active.append(["统一社会信用代码", "企业名称"])
    buf = io.BytesIO()
    wb.save(buf)
    return {"kind": "pilot", "file": SimpleUploadedFile("揭榜.xlsx", buf.getvalue())}


LIST_PAGE = redirect_to("/recommendations/lists/")

ROWS = [
    Row("GET", "/recommendations/queue/", expect(403, anon=LOGIN, officer=200, officer_other=200, commission=200)),
    Row("GET", "/recommendations/list/?campaign={campaign}&tier=leading",
        expect(403, anon=LOGIN, officer=LIST_PAGE, officer_other=LIST_PAGE)),
    Row("GET", "/recommendations/lists/{list_a}/", expect(404, anon=LOGIN, officer=200, **OVERSEE)),
    Row("GET", "/recommendations/lists/{list_b}/", expect(404, anon=LOGIN, officer_other=200, **OVERSEE)),
    Row("POST", "/recommendations/lists/{list_a}/add/",
        expect(404, anon=LOGIN, officer=LIST_PAGE, commission=LIST_PAGE, admin=LIST_PAGE),
        data=lambda w: {"application": w.keys["sub_a"], "version": w.keys["list_a_version"]}, writes={"officer"},
        note="the commission and the administrator see the list but cannot change it"),
    Row("POST", "/recommendations/lists/{list_b}/remove/",
        expect(404, anon=LOGIN, officer_other=LIST_PAGE, commission=LIST_PAGE, admin=LIST_PAGE),
        data=lambda w: {"application": w.keys["sub_b"], "version": w.keys["list_b_version"]}, writes={"officer_other"}),
    Row("POST", "/recommendations/lists/{list_b}/move/",
        expect(404, anon=LOGIN, officer_other=LIST_PAGE, commission=LIST_PAGE, admin=LIST_PAGE),
        data=lambda w: {"application": w.keys["sub_b"], "version": w.keys["list_b_version"], "direction": "up"},
        note="already first: refused with a message, nothing written"),
    Row("POST", "/recommendations/lists/{list_b}/reorder/",
        expect(404, anon=LOGIN, officer_other=200, commission=403, admin=403),
        json=lambda w: {"order": [w.keys["sub_b"]]}, headers={"If-Match": "{list_b_version}"},
        note="the same order: nothing to write"),
    Row("GET", "/recommendations/lists/{list_b}/submit/", expect(404, anon=LOGIN, officer_other=200, commission=403, admin=403)),
    Row("POST", "/recommendations/lists/{list_b}/submit/", expect(404, anon=LOGIN, officer_other=LIST_PAGE, commission=403, admin=403),
        data=lambda w: {"version": w.keys["list_b_version"]}, writes={"officer_other"}),
    Row("POST", "/recommendations/lists/{list_b}/reopen/",
        expect(404, anon=LOGIN, officer_other=LIST_PAGE, commission=LIST_PAGE, admin=LIST_PAGE),
        data={"reason": "矩阵"}, note="not submitted: refused with a message"),
    Row("GET", "/recommendations/lists/{list_b}/summary/xlsx/",
        expect(404, anon=LOGIN, officer_other=LIST_PAGE, commission=LIST_PAGE, admin=LIST_PAGE),
        note="before submission: back to the list with a message"),
    Row("POST", "/recommendations/applications/{sub_a}/return/",
        expect(404, anon=LOGIN, officer=redirect_to("/recommendations/queue/"), ent_a=ANY_REDIRECT,
               expert_assigned=ANY_REDIRECT, commission=ANY_REDIRECT, admin=ANY_REDIRECT),
        data={"reason": "请补充材料"}, writes={"officer"}, note="only A's officer may return A's application"),
    Row("GET", "/recommendations/registries/", expect(403, anon=LOGIN, commission=200)),
    Row("POST", "/recommendations/registries/", expect(403, anon=LOGIN, commission=redirect_to("/recommendations/registries/")),
        data=_registry_file, writes={"commission"}),
    Row("GET", "/recommendations/registries/{reg_c}/", expect(403, anon=LOGIN, commission=200)),
    Row("POST", "/recommendations/registries/{reg_c}/apply/",
        expect(403, anon=LOGIN, commission=redirect_to("/recommendations/registries/")), writes={"commission"}),
    Row("GET", "/recommendations/overview/?campaign={campaign}", expect(403, anon=LOGIN, **OVERSEE)),
    Row("GET", "/recommendations/paper/?campaign={campaign}&unit={unit_a}", expect(403, anon=LOGIN, commission=200)),
    Row("POST", "/recommendations/paper/{sub_a}/", expect(403, anon=LOGIN, commission=redirect_to("/recommendations/paper/")),
        data=lambda w: {"digest": w.keys["digest_a"]}, writes={"commission"}),
    Row("POST", "/recommendations/campaigns/{campaign}/export/recommended/",
        expect(403, anon=LOGIN, commission=redirect_to("/jobs/"), admin=redirect_to("/jobs/")), writes={"commission", "admin"}),
    Row("POST", "/recommendations/applications/{sub_a}/dossier/",
        expect(403, anon=LOGIN, commission=redirect_to("/jobs/"), admin=redirect_to("/jobs/")), writes={"commission", "admin"}),
    # --- API ----------------------------------------------------------------------------------------
    Row("GET", "/api/v1/recommendations/queue", expect(403, anon=401, officer=200, officer_other=200, commission=200)),
    Row("GET", "/api/v1/recommendations/lists", expect(200, anon=401), note="each sees its own unit's lists (or none)"),
    Row("POST", "/api/v1/recommendations/lists", expect(403, anon=401, officer=200, officer_other=200),
        json=lambda w: {"campaign_id": w.keys["campaign"], "tier": "leading"}, writes={"officer_other"},
        note="A's officer already has the 领航级 list: opening it again writes nothing"),
    Row("GET", "/api/v1/recommendations/lists/{list_b}", expect(404, anon=401, officer_other=200, commission=200, admin=200)),
    Row("POST", "/api/v1/recommendations/lists/{list_a}/entries",
        expect(404, anon=401, officer=200, commission=403, admin=403),
        json=lambda w: {"application_id": w.keys["sub_a"]}, headers={"If-Match": "{list_a_version}"}, writes={"officer"}),
    Row("DELETE", "/api/v1/recommendations/lists/{list_b}/entries/{sub_b}",
        expect(404, anon=401, officer_other=200, commission=403, admin=403),
        headers={"If-Match": "{list_b_version}"}, writes={"officer_other"}),
    Row("PUT", "/api/v1/recommendations/lists/{list_b}/order", expect(404, anon=401, officer_other=200, commission=403, admin=403),
        json=lambda w: {"order": [w.keys["sub_b"]]}, headers={"If-Match": "{list_b_version}"}),
    Row("POST", "/api/v1/recommendations/lists/{list_b}/submit", expect(404, anon=401, officer_other=200, commission=403, admin=403),
        headers={"If-Match": "{list_b_version}"}, writes={"officer_other"}),
    Row("GET", "/api/v1/recommendations/lists/{list_b}/summary/xlsx",
        expect(404, anon=401, officer_other=409, commission=409, admin=409), note="not submitted yet"),
    Row("GET", "/api/v1/recommendations/registry-imports", expect(403, anon=401, commission=200)),
    Row("GET", "/api/v1/recommendations/registry-imports/{reg_c}", expect(403, anon=401, commission=200)),
    # --- e-mail preference (notices) -----------------------------------------------------------------
    Row("GET", "/notices/preferences/", expect(200, anon=LOGIN), writes=set(),
        note="the first visit stores the default preference"),
    Row("POST", "/notices/preferences/", expect(redirect_to("/notices/preferences/"), anon=LOGIN), data={"mode": "digest"},
        writes={"ent_a", "ent_b", "officer", "officer_other", "expert_assigned", "expert_unassigned", "commission", "admin"}),
]
