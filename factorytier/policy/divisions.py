"""The 大类 (divisions) of GB/T 4754-2017《国民经济行业分类》 that are 工业 (门类 B, C, D: 06–46), with the
English of the classification's official English edition (Industrial Classification for National Economic
Activities), in sentence case. Pure data: the registration form, the readiness and check pages and the
expert pages name an industry with `division_name(code, lang)`."""

from __future__ import annotations

import re

# code -> (Chinese name, English name)
DIVISIONS: dict[str, tuple[str, str]] = {
    "06": ("煤炭开采和洗选业", "Mining and washing of coal"),
    "07": ("石油和天然气开采业", "Extraction of petroleum and natural gas"),
    "08": ("黑色金属矿采选业", "Mining and processing of ferrous metal ores"),
    "09": ("有色金属矿采选业", "Mining and processing of non-ferrous metal ores"),
    "10": ("非金属矿采选业", "Mining and processing of non-metallic minerals"),
    "11": ("开采专业及辅助性活动", "Professional and support activities for mining"),
    "12": ("其他采矿业", "Other mining"),
    "13": ("农副食品加工业", "Processing of food from agricultural products"),
    "14": ("食品制造业", "Manufacture of foods"),
    "15": ("酒、饮料和精制茶制造业", "Manufacture of liquor, beverages and refined tea"),
    "16": ("烟草制品业", "Manufacture of tobacco"),
    "17": ("纺织业", "Manufacture of textiles"),
    "18": ("纺织服装、服饰业", "Manufacture of textile wearing apparel and accessories"),
    "19": ("皮革、毛皮、羽毛及其制品和制鞋业", "Manufacture of leather, fur, feather and related products, and footwear"),
    "20": ("木材加工和木、竹、藤、棕、草制品业",
           "Processing of timber, manufacture of wood, bamboo, rattan, palm and straw products"),
    "21": ("家具制造业", "Manufacture of furniture"),
    "22": ("造纸和纸制品业", "Manufacture of paper and paper products"),
    "23": ("印刷和记录媒介复制业", "Printing and reproduction of recording media"),
    "24": ("文教、工美、体育和娱乐用品制造业",
           "Manufacture of articles for culture, education, arts and crafts, sport and entertainment"),
    "25": ("石油、煤炭及其他燃料加工业", "Processing of petroleum, coal and other fuels"),
    "26": ("化学原料和化学制品制造业", "Manufacture of raw chemical materials and chemical products"),
    "27": ("医药制造业", "Manufacture of medicines"),
    "28": ("化学纤维制造业", "Manufacture of chemical fibres"),
    "29": ("橡胶和塑料制品业", "Manufacture of rubber and plastic products"),
    "30": ("非金属矿物制品业", "Manufacture of non-metallic mineral products"),
    "31": ("黑色金属冶炼和压延加工业", "Smelting and pressing of ferrous metals"),
    "32": ("有色金属冶炼和压延加工业", "Smelting and pressing of non-ferrous metals"),
    "33": ("金属制品业", "Manufacture of metal products"),
    "34": ("通用设备制造业", "Manufacture of general-purpose machinery"),
    "35": ("专用设备制造业", "Manufacture of special-purpose machinery"),
    "36": ("汽车制造业", "Manufacture of motor vehicles"),
    "37": ("铁路、船舶、航空航天和其他运输设备制造业",
           "Manufacture of railway, ship, aerospace and other transport equipment"),
    "38": ("电气机械和器材制造业", "Manufacture of electrical machinery and apparatus"),
    "39": ("计算机、通信和其他电子设备制造业", "Manufacture of computers, communication and other electronic equipment"),
    "40": ("仪器仪表制造业", "Manufacture of measuring instruments and meters"),
    "41": ("其他制造业", "Other manufacturing"),
    "42": ("废弃资源综合利用业", "Comprehensive utilisation of waste resources"),
    "43": ("金属制品、机械和设备修理业", "Repair of metal products, machinery and equipment"),
    "44": ("电力、热力生产和供应业", "Production and supply of electricity and heat"),
    "45": ("燃气生产和供应业", "Production and supply of gas"),
    "46": ("水的生产和供应业", "Production and supply of water"),
}
# 门类 (sections) the divisions belong to, as the registration form groups them.
SECTIONS_EN = {
    "采矿业": "Mining",
    "制造业": "Manufacturing",
    "电力、热力、燃气及水生产和供应业": "Production and supply of electricity, heat, gas and water",
}
# Industry groups a campaign names (campaign.industry_groups) that are not divisions.
GROUPS_EN = {"石油石化": "Petroleum and petrochemicals", "有色金属": "Non-ferrous metals"}

_BY_NAME = {zh: code for code, (zh, _en) in DIVISIONS.items()}
_CODED = re.compile(r"^\s*(\d{2})\s*(.*)$")


def division_name(code: str, lang: str) -> str:
    """The division's name in `lang` ("zh" or "en"), without its code; an unknown code as given."""
    entry = DIVISIONS.get(str(code or "").strip())
    if entry is None:
        return str(code or "")
    return entry[1] if lang == "en" else entry[0]


def industry_name(text: str, lang: str) -> str:
    """An industry as pages and forms hold it ("13", "13 农副食品加工业", "农副食品加工业", a 门类 or an
    industry group such as 石油石化) in `lang`; anything else (typed by a user) as given."""
    text = str(text or "")
    if lang != "en":
        return text
    m = _CODED.match(text)
    if m and m.group(1) in DIVISIONS:
        code = m.group(1)
        return f"{code} {DIVISIONS[code][1]}" if m.group(2) else DIVISIONS[code][1]
    stripped = text.strip()
    if stripped in _BY_NAME:
        return DIVISIONS[_BY_NAME[stripped]][1]
    return SECTIONS_EN.get(stripped) or GROUPS_EN.get(stripped) or text
