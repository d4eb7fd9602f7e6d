"""Work a web worker does once at start instead of on its first requests.

A fresh gunicorn worker otherwise pays ≈0.3 s of CPU for the URLconf and views on its first request,
and tens of milliseconds more for each template, the rule catalogues and the English catalogue the first
time they are used — on deadline day that lands on the first applicants after every (re)start and on
every worker recycled by `--max-requests`. Nothing here touches the database: with `gunicorn --preload`
it runs once in the master and the workers inherit the result."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import get_hashers
from django.db import connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation


def template_names() -> list[str]:
    """Every page template the site ships (the project's own folder)."""
    names = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        root = Path(folder)
        names += sorted(str(p.relative_to(root)) for p in root.rglob("*.html"))
    return names


def warm() -> dict:
    """Load what the first requests would; answers what was loaded (for the log and the test)."""
    from factorytier import policy

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  imports every app's urls and views
    resolver.reverse_dict  # noqa: B018  builds the reverse table once
    policy.default_catalogue()
    policy.campaign_catalogue_names()  # loads every packaged catalogue a campaign may be pinned to
    compiled = 0
    for name in template_names():
        try:
            get_template(name)
            compiled += 1
        except (TemplateDoesNotExist, TemplateSyntaxError):  # a fragment included with a context-only name
            continue
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("提交")
    get_hashers()  # imports argon2 for the first log-in
    # Nothing above should have opened a connection; were one opened, forked workers must not share it.
    connections.close_all()
    return {"templates": compiled}
