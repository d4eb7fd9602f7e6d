"""The application tables' rows (`{% application_rows %}`), written in Python for the officers' queue pages
(issue 9): the same markup the template engine's filters write, in Chinese and English, every value escaped."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import dateformat, translation
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from factorytier.applications.models import Application, State
from factorytier.applications.templatetags.application_tables import _date, application_rows

pytestmark = pytest.mark.django_db

# The markup `includes/application_table.html` wrote with the template engine before the rows moved to Python.
REFERENCE = Template(
    "{% load core_tags %}{% for a in applications %}"
    "{% with submitted=a.submitted_at updated=a.updated_at %}"
    '<tr>\n    <td><a href="{% url \'applications:detail\' a.pk %}">{{ a.number }}</a></td>\n'
    "    {% if show_enterprise %}<td>{{ a.enterprise.name|zh }}</td><td>{{ a.enterprise.district|zh }}</td>{% endif %}\n"
    "    <td>{{ a.get_tier_display }}</td><td>{{ a.title|zh }}</td>\n"
    '    <td><span class="badge">{{ a.get_state_display }}</span></td>\n'
    '    <td data-sort="{{ submitted|date:\'c\' }}">{% if submitted %}{{ submitted|date:"DATETIME_FORMAT" }}{% else %}—{% endif %}</td>\n'
    '    <td data-sort="{{ updated|date:\'c\' }}">{% if updated %}{{ updated|date:"SHORT_DATETIME_FORMAT" }}{% endif %}</td>\n'
    "  </tr>{% endwith %}{% endfor %}"
)


@pytest.fixture
def applications(draft):
    draft.title = '<b>"柔性"</b> & Co'
    draft.enterprise.name = "Acme <Smart> Factory"
    draft.submitted_at = datetime.datetime(2025, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    draft.state = State.SUBMITTED
    plain = Application(pk=draft.pk + 1000, enterprise=draft.enterprise, campaign=draft.campaign, tier="basic",
                        title="Plain title", state=State.DRAFT, updated_at=datetime.datetime(2025, 12, 31, 23, 59, tzinfo=datetime.UTC))
    return [draft, plain]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("show_enterprise", [True, False])
def test_rows_are_what_the_template_filters_wrote(applications, language, show_enterprise):
    with translation.override(language):
        expected = REFERENCE.render(Context({"applications": applications, "show_enterprise": show_enterprise}))
        written = application_rows(applications, show_enterprise)
    assert written == expected
    assert "<b>" not in written and "&lt;b&gt;&quot;柔性&quot;&lt;/b&gt; &amp; Co" in written
    if show_enterprise:
        assert "Acme &lt;Smart&gt; Factory" in written


def test_an_empty_table_says_so_escaped():
    assert application_rows([], True, "暂无<数据>") == '<tr><td colspan="8" class="muted">暂无&lt;数据&gt;</td></tr>'
    with translation.override("zh-hans"):
        assert "暂无申报书" in application_rows([], False)


SHANGHAI = ZoneInfo("Asia/Shanghai")


@settings(max_examples=200, deadline=None)
@given(moment=st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2099, 12, 31)),
       fmt=st.sampled_from(["Y-m-d H:i:s", "Y-m-d H:i", "j M Y, H:i:s", "j M Y, H:i", "n/j G:i", r"Y\年", "D, d M Y", "P"]),
       language=st.sampled_from(["zh-hans", "en"]))
def test_a_date_is_written_as_djangos_dateformat_writes_it(moment, fmt, language):
    value = moment.replace(tzinfo=SHANGHAI)
    with translation.override(language):
        assert _date(value, fmt) == escape(dateformat.format(value, fmt))
