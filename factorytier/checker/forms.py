"""The public readiness form. Validation is the rule engine's own (one source of truth):
the form only collects values, and the engine's errors are put back at the fields by JSON path."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from factorytier.accounts.choices import INDUSTRIAL_DIVISIONS, SHANGHAI_DISTRICTS, LegalEntity
from factorytier.campaigns.models import MATURITY_CHOICES, RATING_CHOICES


class EnterpriseFactsForm(forms.Form):
    name = forms.CharField(label=_("企业名称"), required=False, max_length=200)
    uscc = forms.CharField(label=_("统一社会信用代码"), required=False, max_length=40)
    province = forms.CharField(label=_("注册省份"), required=False, max_length=20, initial="上海市")
    district = forms.CharField(label=_("所在区"), required=False, max_length=20,
                               widget=forms.TextInput(attrs={"list": "districts"}))
    legal_entity = forms.ChoiceField(label=_("法人类型"), choices=LegalEntity.choices, required=False)
    industry = forms.CharField(label=_("所属行业"), required=False, max_length=60,
                               widget=forms.TextInput(attrs={"list": "industries"}),
                               help_text=_("石油石化、有色金属等行业的法人分支机构可申报"))
    cmmm_level = forms.TypedChoiceField(label=_("智能制造能力成熟度等级（GB/T 39116—2020）"), choices=MATURITY_CHOICES, coerce=int,
                                        required=False, empty_value=0)
    current_rating = forms.ChoiceField(label=_("已获评智能工厂层级"), choices=RATING_CHOICES, required=False)
    pilot_demo_locally_accepted = forms.BooleanField(label=_("已通过智能制造示范工厂揭榜单位地方验收"), required=False)

    districts = SHANGHAI_DISTRICTS
    industries = ["石油石化", "有色金属", *(name for _, name in INDUSTRIAL_DIVISIONS)]


class ScenarioForm(forms.Form):
    guide_link = forms.CharField(label=_("场景指引环节"), required=False)
    scenario = forms.CharField(label=_("场景名"), required=False, max_length=200)
    instance = forms.CharField(label=_("实例名"), required=False, max_length=200)
    uses_ai = forms.BooleanField(label=_("应用人工智能技术"), required=False)

    def is_blank(self) -> bool:
        d = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (d.get("scenario") or d.get("instance") or d.get("guide_link"))


ScenarioFormSet = forms.formset_factory(ScenarioForm, extra=0, max_num=200, absolute_max=200, validate_max=True)


def attestation_field_name(clause_id: str) -> str:
    return "att_" + clause_id.replace(".", "_")


ANSWERS = {"yes": True, "on": True, "no": False}


def attestation_answers(post, clauses) -> dict[str, bool]:
    """Each declared clause's answer: 满足 (true), 不满足 (false), or no answer (left out, so the
    engine reports it `missing`; a clause answered false is `fail`)."""
    out = {}
    for clause in clauses:
        value = ANSWERS.get(post.get(attestation_field_name(clause.id), ""))
        if value is not None:
            out[clause.id] = value
    return out


PATH_RE = re.compile(r"^scenarios\[(\d+)\]\.(\w+)$")
