import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from factorytier import policy
from factorytier.accounts.models import RecommendingUnit

from .models import TIER_CHOICES, TIER_NAMES, Campaign, Quota

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S")


def bounded_datetime(field: forms.DateTimeField) -> None:
    """A datetime-local input accepts years 0001–9999; converting 0001-01-01 Beijing time to UTC
    overflows. Only plausible campaign years are accepted, with a message at the field."""
    field.error_messages["invalid"] = _("请输入有效的日期时间，如 2025-07-11 23:59:59")
    original = field.to_python

    def to_python(value):
        result = original(value)  # may itself raise ValidationError("invalid")
        if result is not None and not 2000 <= result.year <= 2100:
            raise forms.ValidationError(f"{field.label}的年份应在 2000 至 2100 之间", code="year")
        return result

    field.to_python = to_python


def catalogue_tiers(catalogue) -> list[tuple[str, str]]:
    """Tiers the catalogue has a materials list for (附件2 / 附件4): only those can be applied for."""
    return [(t, name) for t, name in TIER_CHOICES if t in catalogue.materials]


class CampaignForm(forms.ModelForm):
    catalogue = forms.ChoiceField(
        label=_("规则目录"), choices=policy.campaign_catalogue_names, required=False,
        help_text=_("批次的申报条件、阈值、名额、场景指引和材料清单取自该目录；批次创建后不可更改"),
    )
    tiers_open = forms.MultipleChoiceField(
        label=_("开放申报的层级"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一个开放申报的层级")},
    )
    branch_allowed_industries = forms.CharField(
        label=_("允许法人分支机构申报的行业"), required=False,
        help_text=_("多个行业用顿号或逗号分隔，如：石油石化、有色金属"),
    )

    limit_short = forms.IntegerField(label=_("短文字字数上限"), min_value=10, max_value=2000, required=False,
                                     help_text=_("名称类填写项；留空为 200"))
    limit_medium = forms.IntegerField(label=_("一般段落字数上限"), min_value=100, max_value=20000, required=False,
                                      help_text=_("如项目简介；留空为 2000"))
    limit_long = forms.IntegerField(label=_("长段落字数上限"), min_value=100, max_value=50000, required=False,
                                    help_text=_("如项目总体情况；留空为 5000"))

    class Meta:
        model = Campaign
        fields = [
            "name", "year", "region", "notice_no", "catalogue", "tiers_open", "application_opens_at",
            "application_deadline", "recommendation_deadline", "branch_allowed_industries",
            "max_attachments", "max_attachments_total_mb", "is_active",
        ]
        widgets = {
            "application_opens_at": DATETIME_WIDGET,
            "application_deadline": DATETIME_WIDGET,
            "recommendation_deadline": DATETIME_WIDGET,
        }
        help_texts = {
            "application_deadline": _("北京时间，精确到秒；该秒内提交仍有效，如 2025-07-11 23:59:59"),
            "recommendation_deadline": _("北京时间，精确到秒"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A campaign keeps the catalogue it was created with, so a new catalogue changes no running campaign.
        if self.instance.pk:
            self.fields["catalogue"].disabled = True
        self.fields["catalogue"].error_messages["invalid_choice"] = _("请从列表中选择规则目录")
        self.fields["tiers_open"].choices = catalogue_tiers(self.instance.policy_catalogue)
        if "catalogue" in self.fields:  # the catalogues' official titles are data
            self.fields["catalogue"].widget.attrs["lang"] = "zh-Hans"
        self.fields["tiers_open"].error_messages["invalid_choice"] = _("所选规则目录中该层级没有申报材料清单，不能开放申报：%(value)s")
        # Shown as the text typed (a new campaign's empty list as an empty field, not "[]").
        self.initial["branch_allowed_industries"] = "、".join(self.instance.branch_allowed_industries or [])
        for size in ("short", "medium", "long"):
            self.initial.setdefault(f"limit_{size}", (self.instance.text_limits or {}).get(size))
            field = self.fields[f"limit_{size}"]
            label = str(field.label)
            field.error_messages.update({"invalid": _("%(label)s应为整数") % {"label": label},
                                         "min_value": _("%(label)s不能小于 %%(limit_value)s") % {"label": label},
                                         "max_value": _("%(label)s不能大于 %%(limit_value)s") % {"label": label}})
        for name in ("application_opens_at", "application_deadline", "recommendation_deadline"):
            bounded_datetime(self.fields[name])
        self.fields["year"].error_messages["invalid"] = _("年度应为四位数字，如 2025")
        for name, top in (("max_attachments", 200), ("max_attachments_total_mb", 2000)):
            field = self.fields[name]
            field.required = False  # left empty: the platform's default
            field.min_value, field.max_value = 1, top
            field.widget.attrs.update(min=1, max=top)
            field.validators += [MinValueValidator(1), MaxValueValidator(top)]
            label = str(field.label)
            field.error_messages.update({"invalid": _("%(label)s应为整数") % {"label": label},
                                         "min_value": _("%(label)s不能小于 %%(limit_value)s") % {"label": label},
                                         "max_value": _("%(label)s不能大于 %%(limit_value)s") % {"label": label}})

    def clean_catalogue(self):
        if self.instance.pk:
            return self.instance.catalogue
        name = self.cleaned_data["catalogue"] or self.instance.catalogue
        # The tier choices follow the chosen catalogue (a new campaign's form shows the default one);
        # catalogue comes before tiers_open in Meta.fields, so it is cleaned first.
        self.fields["tiers_open"].choices = catalogue_tiers(policy.catalogue_by_name(name))
        return name

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("年度应在 2000 至 2100 之间"))
        return year

    def clean_max_attachments(self):
        return self.cleaned_data.get("max_attachments") or Campaign._meta.get_field("max_attachments").default

    def clean_max_attachments_total_mb(self):
        return self.cleaned_data.get("max_attachments_total_mb") or Campaign._meta.get_field("max_attachments_total_mb").default

    def clean_branch_allowed_industries(self):
        raw = self.cleaned_data.get("branch_allowed_industries") or ""
        return [p.strip() for p in re.split(r"[、,，;；\s]+", raw) if p.strip()]

    def clean(self):
        data = super().clean()
        opens, app, rec = (data.get(k) for k in ("application_opens_at", "application_deadline", "recommendation_deadline"))
        if opens and app and opens >= app:
            self.add_error("application_opens_at", _("申报开始时间应早于企业申报截止时间"))
        if app and rec and rec < app:
            self.add_error("recommendation_deadline", _("推荐截止时间不应早于企业申报截止时间"))
        self.instance.text_limits = {
            size: data[f"limit_{size}"] for size in ("short", "medium", "long") if data.get(f"limit_{size}")
        }
        return data


class QuotaForm(forms.ModelForm):
    class Meta:
        model = Quota
        fields = ["tier", "unit", "limit", "pilot_exempt"]

    def __init__(self, *args, catalogue_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue_name = catalogue_name
        self.fields["unit"].queryset = RecommendingUnit.objects.all()
        self.fields["unit"].empty_label = _("（默认：各推荐单位）")
        self.fields["unit"].widget.attrs["lang"] = "zh-Hans"  # unit names are data
        self.fields["limit"].error_messages["invalid"] = _("推荐上限应为非负整数")
        self.fields["limit"].error_messages["min_value"] = _("推荐上限应为非负整数")
        self.fields["limit"].max_value = 1000
        self.fields["limit"].validators.append(MaxValueValidator(1000, _("推荐上限不能大于 1000")))
        self.fields["tier"].error_messages["invalid_choice"] = _("请从列表中选择层级")
        self.fields["unit"].error_messages["invalid_choice"] = _("请从列表中选择推荐单位")

    def has_changed(self):
        # A new campaign's rows come prefilled with the catalogue's quotas; a row posted as prefilled
        # is still a row to save (Django would skip an extra form equal to its initial values).
        if self.is_bound and not self.instance.pk:
            return bool(self["tier"].value() or self["limit"].value() not in (None, "")) or super().has_changed()
        return super().has_changed()

    def clean(self):
        data = super().clean()
        tier = data.get("tier")
        # An existing campaign's rows are checked by Quota.clean (model validation) instead.
        if tier and data.get("pilot_exempt") and self.catalogue_name and not self.instance.campaign_id:
            # N.EX.P4: only a tier whose catalogue quota names an exemption may exempt 揭榜 units.
            rule = campaign_quota_rules(self.catalogue_name).get(tier)
            if rule is None or not rule.exempt_if:
                self.add_error("pilot_exempt", f"规则目录中{TIER_NAMES.get(tier, tier)}的推荐名额没有揭榜单位不占名额的规定，不能勾选")
        return data


def campaign_quota_rules(catalogue_name: str) -> dict:
    """tier -> the catalogue's quota rule (per_recommender, exempt_if, clause)."""
    campaign = policy.catalogue_by_name(catalogue_name).campaign
    return dict(campaign.quotas) if campaign else {}


class BaseQuotaFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, catalogue_name=None, **kwargs):
        self.catalogue_name = catalogue_name
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "catalogue_name": self.catalogue_name}

    def clean(self):
        """One quota per tier and unit (the default one has no unit): a second row gets a message at
        its field instead of the database refusing it."""
        super().clean()
        seen = {}
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", None) or {}
            tier, unit = data.get("tier"), data.get("unit")
            if not tier:
                continue
            key = (tier, unit.pk if unit else None)
            if key in seen:
                who = unit.name if unit else "默认（各推荐单位）"
                form.add_error("unit", f"{TIER_NAMES.get(tier, tier)}的{who}推荐名额已在上面一行设置，每个层级每个推荐单位只能设置一个名额")
            seen[key] = form


QuotaFormSet = forms.inlineformset_factory(Campaign, Quota, form=QuotaForm, formset=BaseQuotaFormSet, extra=2,
                                           can_delete=True)
