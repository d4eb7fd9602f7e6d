"""Issue 10, item 13: the sample 申报书 (tests, benchmark) uses the catalogue's 21 附表 KPIs and files every
scenario under the 环节 the 场景指引 gives it."""

import pytest

from factorytier.documents.samples import sample_doc
from factorytier.policy import default_catalogue


@pytest.mark.parametrize("tier", ["excellent", "leading"])
def test_the_sample_uses_the_catalogues_kpis(tier):
    catalogue = default_catalogue()
    doc = sample_doc(tier, scenarios=12)
    assert [(k["no"], k["group"], k["name"], k["unit"]) for k in doc["kpis"]] == [
        (k.no, k.group, k.name, k.unit) for k in catalogue.kpis]
    change = [k for k in doc["kpis"] if k["kind"] == "change"]
    assert len(change) == 12 and all(k["change"] and not k["baseline"] and not k["current"] for k in change)


@pytest.mark.parametrize("tier", ["excellent", "leading"])
def test_the_sample_files_each_scenario_under_its_guide_link(tier):
    catalogue = default_catalogue()
    scenarios = sample_doc(tier, scenarios=30)["content"]["scenes"]["scenarios"]
    for row in scenarios:
        assert row["scenario"] in catalogue.scenarios_by_link[row["guide_link"]], row
    assert {row["guide_link"] for row in scenarios} == set(catalogue.guide_links)  # all 8 环节


def test_the_sample_lays_out_the_sections_as_the_materials_list():
    catalogue = default_catalogue()
    sections = sample_doc("leading")["materials"]["sections"]
    assert [[p["title"] for p in s["parts"]] for s in sections] == [
        list(s.items) for s in catalogue.materials["leading"].sections]
