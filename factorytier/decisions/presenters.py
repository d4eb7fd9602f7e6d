"""What the decision pages say: the path's words in the interface language, and what recording a decision does."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from factorytier.reviews.paths import state_label

# The words of the catalogue's `workflows:` section (state and move labels), so that makemessages keeps
# their English; path_word() looks them up at run time. A catalogue word not listed here stays Chinese.
PATH_WORDS = [
    gettext_noop("已推荐"), gettext_noop("评审中"), gettext_noop("已认定"), gettext_noop("未通过"),
    gettext_noop("材料评审中"), gettext_noop("现场核查中"), gettext_noop("培育对象（培育中）"),
    gettext_noop("已申请验收"), gettext_noop("初审通过"), gettext_noop("验收申请退回"),
    gettext_noop("验收通过（领航级）"), gettext_noop("验收未通过"),
    gettext_noop("进入评审"), gettext_noop("认定通过"), gettext_noop("不予认定"), gettext_noop("进入材料评审"),
    gettext_noop("安排现场核查"), gettext_noop("材料评审未通过"), gettext_noop("列为培育对象"),
    gettext_noop("不列为培育对象"), gettext_noop("申请验收"), gettext_noop("重新申请验收"), gettext_noop("初审退回"),
    gettext_noop("验收通过"), gettext_noop("验收不通过"),
]

# The published lists, as the interface words them (selectors.LIST_NAMES are the official Chinese names).
LIST_TITLES = {"excellent": gettext_lazy("卓越级智能工厂认定名单"), "leading": gettext_lazy("领航级智能工厂培育对象名单")}


def path_word(text: str) -> str:
    """A workflow state or move label of the catalogue in the interface language."""
    return _(text) if text else text


def decision_confirmation(application, outcome: str) -> dict:
    """What recording this decision does now, what its release will do, and what cannot be undone."""
    what = _("决定将连同依据（专家评分、现场核查结论和理由）记录下来，通知放入待发通知。"
             "发布前申报书状态不变，企业和推荐单位看不到；发布前仍可修改或撤销该决定。")
    on_release = {
        "approved": _("发布后申报书变为“已认定”，企业和推荐单位收到通知，本批次结果公布时列入认定名单。"),
        "cultivation": _("发布后申报书列为培育对象，培育期自发布之日起计算，企业和推荐单位收到通知。"),
        "accepted": _("发布后申报书验收通过，企业获评领航级智能工厂，企业和推荐单位收到通知。"),
    }.get(outcome) or _("发布后申报书变为“%(state)s”，企业和推荐单位收到通知和理由。") % {
        "state": path_word(state_label(application, outcome))}
    final = _("决定发布后不能修改或撤销，发出的通知不能收回。决定的记录及其修改、撤销都写入审计日志，不能删除。")
    return {"what": what, "on_release": on_release, "final": final}
