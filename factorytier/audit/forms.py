import datetime

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .presenters import action_choices

# Dates outside this range cannot be meant, and at the extremes (0001-01-01, 9999-12-31) the arithmetic of a
# day's bounds would overflow.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)

SORTS = [("-at", _("时间（新→旧）")), ("at", _("时间（旧→新）")), ("actor_label", _("操作人")), ("action", _("操作"))]


def _date_field(label: str, example: str) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date", "min": EARLIEST.isoformat(),
                                                                    "max": LATEST.isoformat()}),
        error_messages={"invalid": format_lazy(_("请输入有效的日期，如 {example}"), example=example)},
    )


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    unit = forms.CharField(label=_("所属单位"), required=False, max_length=200,
                           help_text=_("操作人所属的企业或推荐单位名称"))
    action = forms.ChoiceField(label=_("操作"), required=False, choices=action_choices)
    obj = forms.CharField(label=_("对象"), required=False, max_length=300, help_text=_("对象名称，或对象编号"))
    object_id = forms.CharField(label=_("对象编号"), required=False, max_length=40, widget=forms.HiddenInput)
    date_from = _date_field(_("起始日期"), "2025-07-01")
    date_to = _date_field(_("截止日期"), "2025-07-11")
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORTS)

    def _clean_date(self, name: str):
        value = self.cleaned_data.get(name)
        if value is not None and not (EARLIEST <= value <= LATEST):
            raise forms.ValidationError(
                gettext("%(field)s应在 %(earliest)s 至 %(latest)s 之间") % {
                    "field": self.fields[name].label, "earliest": f"{EARLIEST:%Y-%m-%d}", "latest": f"{LATEST:%Y-%m-%d}"}
            )
        return value

    def clean_date_from(self):
        return self._clean_date("date_from")

    def clean_date_to(self):
        return self._clean_date("date_to")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("截止日期不能早于起始日期"))
        return data
