"""The application list pages, sorts and filters (issue 12 item 3): bounded inputs, unknown values ignored."""

from __future__ import annotations

import functools

from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from factorytier.campaigns.models import TIER_CHOICES

from .models import State

PAGE_SIZE = 50
SORTS = {
    "number": ("pk",), "-number": ("-pk",),
    "enterprise": ("enterprise__name", "pk"), "-enterprise": ("-enterprise__name", "-pk"),
    "tier": ("tier", "pk"), "-tier": ("-tier", "-pk"),
    "state": ("state", "pk"), "-state": ("-state", "-pk"),
    "submitted": ("submitted_at", "pk"), "-submitted": ("-submitted_at", "-pk"),
    "updated": ("updated_at", "pk"), "-updated": ("-updated_at", "-pk"),
}
SORT_CHOICES = [
    ("-updated", _("最近更新在前")), ("updated", _("最早更新在前")),
    ("-submitted", _("最近提交在前")), ("submitted", _("最早提交在前")),
    ("enterprise", _("按申报单位")), ("number", _("按申报编号")), ("tier", _("按层级")), ("state", _("按状态")),
]


class ListFilter(forms.Form):
    q = forms.CharField(label=_("申报单位或项目名称"), max_length=100, required=False)
    state = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))])
    tier = forms.ChoiceField(label=_("层级"), required=False, choices=[("", _("全部"))])
    district = forms.CharField(label=_("所在区"), max_length=20, required=False)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("全部")), *State.choices]
        self.fields["tier"].choices = [("", _("全部")), *TIER_CHOICES]


def filtered_page(queryset, params):
    """(form, page, query string without the page) for the list's GET parameters."""
    form = ListFilter(params)
    data = form.cleaned_data if form.is_valid() else {}
    if q := (data.get("q") or "").strip():
        from django.db.models import Q

        queryset = queryset.filter(Q(enterprise__name__icontains=q) | Q(title__icontains=q))
    if data.get("state"):
        queryset = queryset.filter(state=data["state"])
    if data.get("tier"):
        queryset = queryset.filter(tier=data["tier"])
    if district := (data.get("district") or "").strip():
        queryset = queryset.filter(enterprise__district__icontains=district)
    queryset = queryset.order_by(*SORTS.get(data.get("sort") or "-updated", SORTS["-updated"]))
    page = Paginator(queryset, PAGE_SIZE).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    return form, page, query.urlencode()


def filter_fields_html(form: ListFilter) -> SafeString:
    """The filter form's fields as `includes/field.html` renders them. Django renders a select's every
    option through a widget template (≈40 here, 3.8 ms of a ≈24 ms queue page, which officers reload all
    deadline day), so a valid form's fields are rendered once per language and values; a form with errors
    is rendered each time, with its messages."""
    if not form.is_valid():
        return _render_fields(form)
    return _rendered_for(get_language(), tuple((name, form.data.get(name)) for name in form.fields))


@functools.lru_cache(maxsize=128)
def _rendered_for(language: str, values: tuple[tuple[str, str | None], ...]) -> SafeString:
    form = ListFilter({name: value for name, value in values if value is not None})
    form.is_valid()
    return _render_fields(form)


def _render_fields(form: ListFilter) -> SafeString:
    return mark_safe("".join(render_to_string("includes/field.html", {"field": field}) for field in form.visible_fields()))
