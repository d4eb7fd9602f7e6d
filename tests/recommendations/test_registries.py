"""Registry import: a clean file is previewed then applied; a file with bad rows imports nothing and every
bad row is reported; claims are then checked against the registries (N.EX.2, N.LD.3, N.EX.P4)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from factorytier.recommendations import registries, services
from factorytier.recommendations.checks import verdict
from factorytier.recommendations.models import RegistryEntry, RegistryImport, RegistryKind

from ..factories import make_uscc, recommender

pytestmark = pytest.mark.django_db


def xlsx(rows) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


HEADER = ["统一社会信用代码", "企业名称", "获评层级"]


def test_clean_file_preview_then_apply(commission_user):
    registries.apply(registries.upload(RegistryKind.RATED, "old.xlsx", xlsx(
        [HEADER, [make_uscc(1), "甲公司", "先进级"], [make_uscc(2), "乙公司", "先进级"]]), commission_user), commission_user)
    result = registries.upload(RegistryKind.RATED, "new.xlsx", xlsx(
        [HEADER, [make_uscc(1), "甲公司", "卓越级"], [make_uscc(3), "丙公司", "领航级"], [None, None, None]]), commission_user)
    assert result.status == RegistryImport.Status.PREVIEW and result.errors == []
    assert [r["uscc"] for r in result.diff["added"]] == [make_uscc(3)]
    assert [r["uscc"] for r in result.diff["changed"]] == [make_uscc(1)]
    assert [r["uscc"] for r in result.diff["removed"]] == [make_uscc(2)]
    assert RegistryEntry.objects.get(uscc=make_uscc(1)).rating == "advanced"  # nothing changes before confirmation
    registries.apply(result, commission_user)
    assert dict(RegistryEntry.objects.values_list("uscc", "rating")) == {make_uscc(1): "excellent", make_uscc(3): "leading"}
    with pytest.raises(registries.RegistryRefused):
        registries.apply(result, commission_user)


def test_five_kinds_of_bad_rows_import_nothing_and_each_is_reported(commission_user):
    good = make_uscc(10)
    wrong_check = make_uscc(11)[:17] + ("0" if make_uscc(11)[17] != "0" else "1")
    rows = [HEADER,
            [good, "好公司", "先进级"],                 # row 2 fine
            [wrong_check, "校验错公司", "先进级"],       # row 3 bad check character
            ["91310115ABC", "短码公司", "先进级"],       # row 4 wrong length
            [good, "重复公司", "卓越级"],                # row 5 duplicate
            [make_uscc(12), "层级错公司", "示范级"],     # row 6 unknown rating
            [make_uscc(13), "", "领航级"]]              # row 7 empty name
    result = registries.upload(RegistryKind.RATED, "bad.xlsx", xlsx(rows), commission_user)
    assert result.status == RegistryImport.Status.REJECTED
    by_row = {e["row"]: e for e in result.errors}
    assert sorted(by_row) == [3, 4, 5, 6, 7]
    assert by_row[3]["column"] == "统一社会信用代码" and "校验位错误" in by_row[3]["reason"]
    assert "18 位" in by_row[4]["reason"]
    assert by_row[5]["reason"] == "与第 2 行重复"
    assert by_row[6]["column"] == "获评层级" and "示范级" in by_row[6]["reason"]
    assert by_row[7]["column"] == "企业名称"
    with pytest.raises(registries.RegistryRefused):
        registries.apply(result, commission_user)
    assert not RegistryEntry.objects.exists()


def test_not_an_xlsx_and_missing_header(commission_user):
    assert registries.upload(RegistryKind.PILOT, "x.xlsx", b"not a zip", commission_user).errors[0]["row"] == 0
    result = registries.upload(RegistryKind.RATED, "x.xlsx", xlsx([["统一社会信用代码", "企业名称"]]), commission_user)
    assert result.errors == [{"row": 1, "column": "获评层级", "reason": "表头缺少“获评层级”列"}]


def test_only_the_commission_imports(client, login, officer):
    with pytest.raises(registries.RegistryRefused):
        registries.upload(RegistryKind.PILOT, "x.xlsx", xlsx([["统一社会信用代码", "企业名称"]]), officer)
    login(officer)
    assert client.get("/recommendations/registries/").status_code == 403
    assert not RegistryImport.objects.exists()


def test_upload_page(client, login, commission_user):
    login(commission_user)
    data = xlsx([["统一社会信用代码", "企业名称"], [make_uscc(5), "揭榜公司"]])
    response = client.post("/recommendations/registries/", {"kind": "pilot", "file": SimpleUploadedFile("p.xlsx", data)})
    result = RegistryImport.objects.get()
    assert response["Location"] == f"/recommendations/registries/{result.pk}/"
    assert "揭榜公司" in client.get(response["Location"]).content.decode()
    client.post(f"/recommendations/registries/{result.pk}/apply/")
    assert RegistryEntry.objects.filter(kind="pilot", uscc=make_uscc(5)).exists()


@pytest.mark.usefixtures("before_deadline")
def test_claims_checked_against_the_registries(make_submitted, commission_user):
    unconfirmed = make_submitted(pilot=True)
    v = verdict(unconfirmed)
    assert {f["clause"] for f in v.findings} == {"N.EX.2", "N.EX.P4"} and not v.exempt
    confirmed = make_submitted(pilot=True, confirmed=True, rated=True)
    v = verdict(confirmed)
    assert v.findings == [] and v.exempt
    leading = make_submitted("leading")
    assert [f["clause"] for f in verdict(leading).findings] == ["N.LD.3"]
    assert verdict(make_submitted("leading", rated=True)).findings == []


@pytest.mark.usefixtures("before_deadline")
def test_rating_registry_disagreeing_with_the_claim_is_a_finding(make_submitted):
    from .conftest import registry

    app = make_submitted()
    registry(RegistryKind.RATED, app.enterprise.uscc, rating="basic")
    [finding] = verdict(app).findings
    assert finding["clause"] == "N.EX.2" and "名单记载为基础级" in finding["message"]


@pytest.mark.usefixtures("before_deadline")
def test_officer_sees_the_finding_on_the_list_page(client, login, unit, campaign, make_submitted):
    app = make_submitted(pilot=True)
    rl = services.list_for(unit, campaign, "excellent")
    login(recommender(unit))
    page = client.get(f"/recommendations/lists/{rl.pk}/").content.decode()
    assert "N.EX.P4" in page and app.enterprise.name in page
