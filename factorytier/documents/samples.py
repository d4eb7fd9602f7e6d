"""Realistic sample snapshots for tests, the benchmark and eyeballing the layout.

    from factorytier.documents.samples import sample_doc
    sample_doc("leading", scenarios=60)
"""

from __future__ import annotations

import hashlib
import itertools

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
SCENES = [
    ("工厂建设", "工厂数字化设计", "数字化工厂规划与仿真"), ("产品研发", "产品数字化研发与设计", "基于模型的协同设计"),
    ("工艺设计", "工艺数字化设计", "焊接工艺参数智能推荐"), ("生产作业", "人机协同作业", "装配工位人机协作"),
    ("生产作业", "智能在线检测", "机器视觉表面缺陷检测"), ("生产管理", "生产计划优化", "APS高级排程"),
    ("生产管理", "质量精准追溯", "全流程质量追溯系统"), ("运营管理", "能源智能管控", "能碳管理平台"),
    ("供应链管理", "供应链协同", "供应商协同门户"), ("产品服务", "产品远程运维", "设备远程运维与预测性维护"),
]
KPI_GROUPS = ["能力提升类指标", "经济效益类指标", "绿色低碳类指标"]
KPI_NAMES = [
    ("关键设备数控化率", "%"), ("工业软件普及率", "%"), ("设备联网率", "%"), ("数据采集覆盖率", "%"),
    ("生产效率", "件/人·日"), ("产品研制周期", "天"), ("产品不良品率", "%"), ("运营成本", "万元"),
    ("订单准时交付率", "%"), ("库存周转率", "次/年"), ("人均产值", "万元"), ("营业收入", "万元"),
    ("单位产值综合能耗", "吨标煤/万元"), ("碳排放总量", "吨"), ("资源综合利用率", "%"), ("安全事故率", "‰"),
    ("新产品销售占比", "%"), ("研发投入强度", "%"), ("客户满意度", "分"), ("设备综合效率", "%"), ("一次交检合格率", "%"),
]
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
    titles = ["申报单位基本信息", "智能工厂基本情况", "智能工厂场景建设情况"]
    titles += ["领航级智能工厂培育方案", "智能工厂建设成效"] if leading else ["智能工厂建设成效"]
    contents = {
        "申报单位基本信息": "包括企业名称、地址、性质、行业、联系方式等信息",
        "智能工厂基本情况": "包括智能工厂建设起止时间、总投资、集成商、项目简介、建设成效、真实性承诺等信息",
        "智能工厂场景建设情况": "包括项目总体情况、重点环节建设情况、具体场景建设情况、系统集成情况等信息",
        "领航级智能工厂培育方案": "包括培育目标，研发、生产、管理、服务等环节未来制造模式创新方向；关键创建举措等",
        "智能工厂建设成效": "包括项目的先进性与特色、实施成效、后续实施计划等信息",
    }
    segments = [("factory", "工厂建设"), ("design", "研发设计"), ("production", "生产作业"),
                ("management", "生产管理"), ("operations", "运营管理")]
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
                {"guide_link": SCENES[i % 10][0], "scenario": SCENES[i % 10][1],
                 "instance": f"{SCENES[i % 10][2]}（{i + 1}号线）", "description": long_text(i, 3, 1),
                 "uses_ai": i % 3 != 2, "ai_models": "视觉检测模型 YOLOv8；工艺知识大模型" if i % 3 != 2 else ""}
                for i in range(scenarios)
            ],
            "integration": long_text(4, 5, 2),
        },
        "effects": {"advancement": long_text(5, 5, 2), "plan": long_text(6, 4, 2)},
        "declarations": {"truthful": True, "no_secrets": True},
    }
    if markup and scenarios:
        content["scenes"]["scenarios"][0]["description"] += markup
    if leading:
        content["cultivation"] = {
            "goals": long_text(7, 4, 2),
            "future_modes": [{"category": "研发模式创新", "mode": "创成式设计"},
                             {"category": "生产模式创新", "mode": "自适应柔性生产"},
                             {"category": "管理模式创新", "mode": "智能体驱动的运营决策"},
                             {"category": "服务模式创新", "mode": "产品全生命周期增值服务"}],
            "measures": long_text(8, 5, 2),
        }
    return {
        "application": {"number": f"2025-{code}-00012", "tier": tier, "tier_name": tier_name,
                        "title": "高端专用装备数字化、智能化生产基地建设项目",
                        "campaign": "2025年度上海市卓越级智能工厂、领航级智能工厂申报",
                        "submitted_at": "2025-07-11 23:59:59", "version": 7},
        "digest": digest,
        "verify_url": f"http://127.0.0.1:8000/verify/{digest}",
        "materials": {"title": f"{tier_name}智能工厂项目申报材料清单", "annex": "附件4" if leading else "附件2",
                      "sections": [{"no": i, "clause": f"M.{code}.{i}", "title": t, "content": contents[t]}
                                   for i, t in enumerate(titles, 1)]},
        "segments": [{"id": sid, "name": name, "guidance": f"R.{code}.C{i}：{long_text(i, 1, 1)}"}
                     for i, (sid, name) in enumerate(segments, 1)],
        "kpis": [{"no": i + 1, "group": KPI_GROUPS[min(i // 8, 2)], "name": name, "unit": unit,
                  "baseline": f"{40 + i * 1.5:.1f}", "current": f"{60 + i * 1.7:.1f}", "change": f"+{20 + i * 0.2:.1f}"}
                 for i, (name, unit) in enumerate(KPI_NAMES[:kpis])],
        "content": content,
        "attachments": [
            {"name": "智能制造能力成熟度证书.pdf", "kind": "证明材料", "size": "1.2 MB",
             "sha256": hashlib.sha256(b"cert").hexdigest()},
            {"name": "近三年财务审计报告.pdf", "kind": "财务材料", "size": "8.4 MB",
             "sha256": hashlib.sha256(b"audit").hexdigest()},
        ],
    }
