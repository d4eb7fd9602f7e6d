"""Security headers: a CSP without inline code, no-store on logged-in pages and downloads, framing refused,
referrer kept in-site, HSTS with subdomains behind HTTPS, and `check --deploy` clean in production."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from factorytier.audit.services import record

from ..factories import enterprise_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "factorytier" / "templates"
INLINE = re.compile(r"""\sstyle\s*=|<style\b|<script(?![^>]*\bsrc=)(?![^>]*type="application/json")[^>]*>|\son[a-z]+\s*=\s*["']""", re.I)


def csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def test_pages_carry_a_csp_without_inline_code(client, login):
    for response in [client.get("/accounts/login/"), login(enterprise_user()).get("/")]:
        policy = csp(response)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        assert policy["script-src"].startswith("script-src 'self'")
        assert policy["style-src"] == "style-src 'self'"
        assert policy["frame-ancestors"] == "frame-ancestors 'none'"
        assert policy["object-src"] == "object-src 'none'"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_logged_in_pages_and_downloads_are_not_stored(client, login, commission_user):
    login(commission_user)
    for path in ["/", "/audit/", "/accounts/profile/"]:
        assert "no-store" in client.get(path)["Cache-Control"], path
    record(commission_user, "campaign.update")
    export = client.get("/audit/export/")
    assert export.status_code == 200 and "no-store" in export["Cache-Control"]


def test_api_answers_are_not_stored(client):
    assert "no-store" in client.get("/api/v1/campaigns")["Cache-Control"]


def test_no_template_holds_inline_styles_scripts_or_handlers():
    """applications/* is cleaned by its owners in the same release; every other template is checked here."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        rel = path.relative_to(TEMPLATES).as_posix()
        if rel.startswith("applications/"):
            continue
        for n, line in enumerate(path.read_text().splitlines(), start=1):
            if INLINE.search(line):
                offenders.append(f"{rel}:{n}: {line.strip()[:100]}")
    assert not offenders, "\n".join(offenders)


def _production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FACTORYTIER_", "PYTEST"))}
    env.update(FACTORYTIER_DATA_DIR=str(tmp_path), FACTORYTIER_HTTPS="1", DJANGO_SETTINGS_MODULE="factorytier.settings",
               ALLOWED_HOSTS="zhineng.example.gov.cn", SECRET_KEY="x" * 20 + "production-secret-key-of-enough-length-" + "y" * 20,
               **extra)
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=_production_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hsts_includes_subdomains_when_https_is_on(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_production_env(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["31536000", "True", "True", "True"], result.stderr
