"""Reference lists used by enterprise profiles (national standards, not programme rules)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

SHANGHAI_DISTRICTS = [
    "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区",
    "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
]


class Role(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业用户")
    RECOMMENDER = "recommender", _("推荐单位")
    COMMISSION = "commission", _("市经信委")
    EXPERT = "expert", _("评审专家")
    ADMIN = "admin", _("系统管理员")


class LegalEntity(models.TextChoices):
    INDEPENDENT = "independent", _("独立法人")
    BRANCH = "branch", _("法人的分支机构")


class Nature(models.TextChoices):
    STATE_OWNED = "state_owned", _("国有企业")
    CENTRAL_SOE = "central_soe", _("中央企业（在沪企业）")
    PRIVATE = "private", _("民营企业")
    FOREIGN = "foreign", _("外商投资企业")
    HMT = "hmt", _("港澳台投资企业")
    MIXED = "mixed", _("混合所有制企业")
    OTHER = "other", _("其他")


class UnitKind(models.TextChoices):
    DISTRICT = "district", _("区主管部门")
    COMMITTEE = "committee", _("管理委员会")
    CENTRAL_SOE = "central_soe", _("中央企业集团总部")


# GB/T 4754—2017《国民经济行业分类》: the 大类 (divisions) of 工业, the industries whose 规模以上工业企业
# R.B1 speaks of: 门类 B 采矿业 (06–12), C 制造业 (13–43), D 电力、热力、燃气及水生产和供应业 (44–46).
MINING_DIVISIONS = [
    ("06", "煤炭开采和洗选业"), ("07", "石油和天然气开采业"), ("08", "黑色金属矿采选业"),
    ("09", "有色金属矿采选业"), ("10", "非金属矿采选业"), ("11", "开采专业及辅助性活动"), ("12", "其他采矿业"),
]
MANUFACTURING_DIVISIONS = [
    ("13", "农副食品加工业"), ("14", "食品制造业"), ("15", "酒、饮料和精制茶制造业"),
    ("16", "烟草制品业"), ("17", "纺织业"), ("18", "纺织服装、服饰业"),
    ("19", "皮革、毛皮、羽毛及其制品和制鞋业"), ("20", "木材加工和木、竹、藤、棕、草制品业"),
    ("21", "家具制造业"), ("22", "造纸和纸制品业"), ("23", "印刷和记录媒介复制业"),
    ("24", "文教、工美、体育和娱乐用品制造业"), ("25", "石油、煤炭及其他燃料加工业"),
    ("26", "化学原料和化学制品制造业"), ("27", "医药制造业"), ("28", "化学纤维制造业"),
    ("29", "橡胶和塑料制品业"), ("30", "非金属矿物制品业"), ("31", "黑色金属冶炼和压延加工业"),
    ("32", "有色金属冶炼和压延加工业"), ("33", "金属制品业"), ("34", "通用设备制造业"),
    ("35", "专用设备制造业"), ("36", "汽车制造业"),
    ("37", "铁路、船舶、航空航天和其他运输设备制造业"), ("38", "电气机械和器材制造业"),
    ("39", "计算机、通信和其他电子设备制造业"), ("40", "仪器仪表制造业"), ("41", "其他制造业"),
    ("42", "废弃资源综合利用业"), ("43", "金属制品、机械和设备修理业"),
]
UTILITY_DIVISIONS = [("44", "电力、热力生产和供应业"), ("45", "燃气生产和供应业"), ("46", "水的生产和供应业")]
INDUSTRIAL_DIVISIONS = [*MINING_DIVISIONS, *MANUFACTURING_DIVISIONS, *UTILITY_DIVISIONS]
# Grouped by 门类, as the registration form's drop-down shows them.
INDUSTRY_CHOICES = [
    ("采矿业", MINING_DIVISIONS),
    ("制造业", MANUFACTURING_DIVISIONS),
    ("电力、热力、燃气及水生产和供应业", UTILITY_DIVISIONS),
]
DIVISION_NAMES = dict(INDUSTRIAL_DIVISIONS)
# Which 大类 belong to an industry group whose branches may apply (石油石化、有色金属) is rule-catalogue
# data (campaign.industry_groups), not a list here.
