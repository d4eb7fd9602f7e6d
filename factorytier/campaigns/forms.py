import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from factorytier.accounts.models import RecommendingUnit
from factorytier.policy import default_catalogue

from .models import TIER_CHOICES, Campaign, Quota

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S")


class CampaignForm(forms.ModelForm):
    # Only tiers with a materials list (附件2 / 附件4) can be applied for on the platform.
    tiers_open = forms.MultipleChoiceField(
        label="开放申报的层级", widget=forms.CheckboxSelectMultiple,
        choices=lambda: [(t, name) for t, name in TIER_CHOICES if t in default_catalogue().materials],
        error_messages={"required": "请至少选择一个开放申报的层级"},
    )
    branch_allowed_industries = forms.CharField(
        label="允许法人分支机构申报的行业", required=False,
        help_text="多个行业用顿号或逗号分隔，如：石油石化、有色金属",
    )

    limit_short = forms.IntegerField(label="短文字字数上限", min_value=10, max_value=2000, required=False,
                                     help_text="名称类填写项；留空为 200")
    limit_medium = forms.IntegerField(label="一般段落字数上限", min_value=100, max_value=20000, required=False,
                                      help_text="如项目简介；留空为 2000")
    limit_long = forms.IntegerField(label="长段落字数上限", min_value=100, max_value=50000, required=False,
                                    help_text="如项目总体情况；留空为 5000")

    class Meta:
        model = Campaign
        fields = [
            "name", "year", "region", "notice_no", "tiers_open", "application_opens_at",
            "application_deadline", "recommendation_deadline", "branch_allowed_industries",
            "max_attachments", "max_attachments_total_mb", "is_active",
        ]
        widgets = {
            "application_opens_at": DATETIME_WIDGET,
            "application_deadline": DATETIME_WIDGET,
            "recommendation_deadline": DATETIME_WIDGET,
        }
        help_texts = {
            "application_deadline": "北京时间，精确到秒；该秒内提交仍有效，如 2025-07-11 23:59:59",
            "recommendation_deadline": "北京时间，精确到秒",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["branch_allowed_industries"] = "、".join(self.instance.branch_allowed_industries)
        for size in ("short", "medium", "long"):
            self.initial.setdefault(f"limit_{size}", (self.instance.text_limits or {}).get(size))
            field = self.fields[f"limit_{size}"]
            field.error_messages.update({"invalid": f"{field.label}应为整数",
                                         "min_value": f"{field.label}不能小于 %(limit_value)s",
                                         "max_value": f"{field.label}不能大于 %(limit_value)s"})
        for name in ("application_opens_at", "application_deadline", "recommendation_deadline"):
            self.fields[name].error_messages["invalid"] = "请输入有效的日期时间，如 2025-07-11 23:59:59"
        self.fields["year"].error_messages["invalid"] = "年度应为四位数字，如 2025"
        for name, top in (("max_attachments", 200), ("max_attachments_total_mb", 2000)):
            field = self.fields[name]
            field.required = False  # left empty: the platform's default
            field.min_value, field.max_value = 1, top
            field.widget.attrs.update(min=1, max=top)
            field.validators += [MinValueValidator(1), MaxValueValidator(top)]
            field.error_messages.update({"invalid": f"{field.label}应为整数",
                                         "min_value": f"{field.label}不能小于 %(limit_value)s",
                                         "max_value": f"{field.label}不能大于 %(limit_value)s"})

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("年度应在 2000 至 2100 之间")
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
            self.add_error("application_opens_at", "申报开始时间应早于企业申报截止时间")
        if app and rec and rec < app:
            self.add_error("recommendation_deadline", "推荐截止时间不应早于企业申报截止时间")
        self.instance.text_limits = {
            size: data[f"limit_{size}"] for size in ("short", "medium", "long") if data.get(f"limit_{size}")
        }
        return data


class QuotaForm(forms.ModelForm):
    class Meta:
        model = Quota
        fields = ["tier", "unit", "limit", "pilot_exempt"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = RecommendingUnit.objects.all()
        self.fields["unit"].empty_label = "（默认：各推荐单位）"
        self.fields["limit"].error_messages["invalid"] = "推荐上限应为非负整数"
        self.fields["limit"].error_messages["min_value"] = "推荐上限应为非负整数"


QuotaFormSet = forms.inlineformset_factory(Campaign, Quota, form=QuotaForm, extra=2, can_delete=True)
