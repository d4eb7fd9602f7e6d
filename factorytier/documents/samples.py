"""Realistic sample snapshots for tests, the benchmark and eyeballing the layout.

    from factorytier.documents.samples import sample_doc
    sample_doc("leading", scenarios=60)
"""

from __future__ import annotations

import hashlib
import itertools

from factorytier.applications.content import DECLARATIONS, kpi_rows, part_dicts, sections_for
from factorytier.policy import default_catalogue

SENTENCES = [
    "公司围绕高端专用设备的柔性化、智能化生产需求，以数据驱动为主线，系统推进智能工厂建设。",
    "项目建成覆盖研发设计、生产作业、质量管控、仓储物流和运营管理的一体化数字化平台，实现全要素、全流程的数据贯通。",
    "通过部署工业互联网平台与边缘计算节点，实时采集关键设备运行参数超过12,000项，设备联网率达到98.6%。",
    "基于数字孪生技术构建产线级虚拟模型，实现工艺仿真、产能评估与排产优化的闭环迭代，新产品导入周期缩短35%。",
    "引入机器视觉缺陷检测与大模型辅助工艺决策，关键工序一次交检合格率由96.2%提升至99.3%。",
    "建立覆盖供应商、制造、客户服务的质量追溯体系，单件产品可追溯至原材料批次、加工设备、操作人员与工艺参数。",
    "应用高级计划与排程系统，综合考虑订单优先级、设备能力与物料齐套约束，订单准时交付率提升至97.8%。",
    "推进能源管理数字化，分区域、分设备计量能耗数据，单位产值综合能耗下降18.4%，年减少碳排放约3,200吨。",
    "组建由信息化、工艺、设备、质量等部门骨干组成的专项团队，形成“业务牵引、数据驱动、持续改进”的工作机制。",
    "下一步将持续深化人工智能在研发、生产、管理和服务环节的融合应用，打造行业可复制、可推广的智能工厂标杆。",
]
# (环节, guide scenario, instance): every 环节 and scenario as the 场景指引 names them (the catalogue's guide).
SCENES = [
    ("工厂建设", "数字孪生工厂构建", "产线级数字孪生与产能仿真"), ("产品研发", "产品数字化设计", "基于模型的协同设计"),
    ("工艺设计", "工艺数字化设计", "焊接工艺参数智能推荐"), ("生产作业", "人机协同作业", "装配工位人机协作"),
    ("生产作业", "在线智能检测", "机器视觉表面缺陷检测"), ("生产管理", "车间智能排产", "APS高级排程"),
    ("生产作业", "质量精准追溯", "全流程质量追溯系统"), ("生产管理", "能源智能管控", "能碳管理平台"),
    ("供应链管理", "供应商数字化管理", "供应商协同门户"), ("产品服务", "远程运维服务", "设备远程运维与预测性维护"),
    ("运营管理", "智能经营决策", "经营驾驶舱与智能决策"),
]
# Sample values for the catalogue's 附表 KPIs, by number: (基线值, 当前值) for a level KPI, the change in %
# for a change KPI (…缩短/提升/下降/降低).
KPI_VALUES = {
    1: ("62.0", "91.5"), 2: ("35.0", "78.0"), 3: ("58.0", "93.2"), 4: ("10.0", "66.7"), 5: ("2", "12"),
    6: "35.0", 7: ("8.5", "15.2"), 8: "28.0", 9: "12.5", 10: "35.0", 11: "18.0", 12: "22.0", 13: "9.5",
    14: "11.0", 15: "16.0", 16: "30.0", 17: "18.4", 18: "20.1", 19: ("85.0", "96.0"), 20: ("70.0", "92.0"),
    21: ("0", "12"),
}
MARKUP = r"#set page(width: 1cm) [x] $y^2$ *b* _i_ <script>alert(1)</script> @ref \ `code` // c /* d */ = h"


def long_text(seed: int, sentences: int = 6, paragraphs: int = 2) -> str:
    cycle = itertools.islice(itertools.cycle(SENTENCES), seed, seed + sentences * paragraphs)
    items = list(cycle)
    return "\n".join("".join(items[i * sentences:(i + 1) * sentences]) for i in range(paragraphs))


def sample_doc(tier: str = "excellent", scenarios: int = 5, kpis: int = 21, markup: str = "") -> dict:
    """A complete snapshot as ``factorytier.rendering.builder.document_data`` makes it.

    ``markup``, when given, is appended to the project summary and the first scenario's description.
    """
    leading = tier == "leading"
    code = "LD" if leading else "EX"
    tier_name = "领航级" if leading else "卓越级"
    digest = hashlib.sha256(f"{tier}-{scenarios}".encode()).hexdigest()
    catalogue = default_catalogue()
    segments = [(seg.id, seg.name) for seg in catalogue.segments]
    content: dict = {
        "basic": {"enterprise_name": "上海智造精密装备股份有限公司", "address": "上海市闵行区紫竹科学园区东川路 555 号",
                  "nature": "民营企业", "industry": "专用设备制造业", "contact_name": "王晓明",
                  "contact_mobile": "13800000001"},
        "factory": {"start": "2022-01", "end": "2024-12", "total_investment": "12,345.67",
                    "integrators": ["上海宝信软件股份有限公司", "西门子（中国）有限公司"],
                    "summary": long_text(0, 5, 3) + (("\n" + markup) if markup else ""),
                    "outcomes": long_text(3, 4, 2)},
        "scenes": {
            "overall": long_text(1, 6, 2),
            "segments": {sid: long_text(i + 2, 4, 1) for i, (sid, _) in enumerate(segments)},
            "scenarios": [
                {"guide_link": SCENES[i % len(SCENES)][0], "scenario": SCENES[i % len(SCENES)][1],
                 "instance": f"{SCENES[i % len(SCENES)][2]}（{i + 1}号线）", "description": long_text(i, 3, 1),
                 "uses_ai": i % 3 != 2, "ai_models": "视觉检测模型 YOLOv8；工艺知识大模型" if i % 3 != 2 else ""}
                for i in range(scenarios)
            ],
            "integration": long_text(4, 5, 2),
        },
        "effects": {"advancement": long_text(5, 5, 2), "results": long_text(2, 5, 2), "plan": long_text(6, 4, 2)},
        "declarations": {"truthful": True, "no_secrets": True},
    }
    if markup and scenarios:
        content["scenes"]["scenarios"][0]["description"] += markup
    if leading:
        content["cultivation"] = {
            "goals": long_text(7, 4, 2),
            "future_modes": [{"category": "研发模式创新", "mode": "创成式设计"},
                             {"category": "生产方式创新", "mode": "自适应柔性生产"},
                             {"category": "管理模式创新", "mode": "智能体驱动的运营决策"},
                             {"category": "服务模式创新", "mode": "产品全生命周期增值服务"}],
            "measures": long_text(8, 5, 2),
        }
    for link, scenario, _ in SCENES:  # the sample files every scenario under its own 环节
        assert scenario in catalogue.scenarios_by_link[link], (link, scenario)
    values = {}
    for k in catalogue.kpis[:kpis]:
        v = KPI_VALUES.get(k.no, ("1", "2"))
        values[str(k.no)] = ({"change": v if isinstance(v, str) else v[1], "direction": k.directions[0]}
                             if k.kind == "change" else {"baseline": v[0], "current": v[1]})
    content["effects"]["kpis"] = values
    layout = sections_for(tier, catalogue)
    return {
        "application": {"number": f"2025-{code}-00012", "tier": tier, "tier_name": tier_name,
                        "title": "高端专用装备数字化、智能化生产基地建设项目",
                        "campaign": "2025年度上海市卓越级智能工厂、领航级智能工厂申报",
                        "submitted_at": "2025-07-11 23:59:59", "version": 7},
        "digest": digest,
        "verify_url": f"http://127.0.0.1:8000/verify/{digest}",
        "materials": {"title": f"{tier_name}智能工厂项目申报材料清单", "annex": "附件4" if leading else "附件2",
                      "sections": [{"no": m.no, "clause": m.clause, "title": m.title, "content": m.content,
                                    "key": section.id, "parts": part_dicts(section)}
                                   for m, section in zip(catalogue.materials[tier].sections, layout, strict=True)]},
        "segments": [{"id": seg.id, "name": seg.name, "guidance": f"R.{code}.C{i}：{long_text(i, 1, 1)}"}
                     for i, seg in enumerate(catalogue.segments, 1)],
        "kpis": [r for r in kpi_rows(content, catalogue) if r["filled"]],
        "pledges": [{"key": k, "text": t} for k, t in DECLARATIONS],
        "content": content,
        "attachments": [
            {"name": "智能制造能力成熟度证书.pdf", "kind": "证明材料", "size": "1.2 MB",
             "sha256": hashlib.sha256(b"cert").hexdigest()},
            {"name": "近三年财务审计报告.pdf", "kind": "财务材料", "size": "8.4 MB",
             "sha256": hashlib.sha256(b"audit").hexdigest()},
        ],
    }
