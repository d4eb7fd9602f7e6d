"""Log-in at a sane cost: Argon2id with OWASP's parameters, older hashes upgraded at the next log-in."""

import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher
from django.test import override_settings

from factorytier.accounts.hashers import OwaspArgon2PasswordHasher

from ..factories import PASSWORD, enterprise_user

pytestmark = pytest.mark.django_db

# The production list (the test settings swap in a fast hasher).
PRODUCTION_HASHERS = [
    "factorytier.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]


def test_production_settings_prefer_owasp_argon2id(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("FACTORYTIER_TESTING", "DJANGO_SETTINGS_MODULE")}
    env["FACTORYTIER_DATA_DIR"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-c", "import json, factorytier.settings as s; print(json.dumps(s.PASSWORD_HASHERS))"],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == PRODUCTION_HASHERS


def test_owasp_parameters():
    encoded = OwaspArgon2PasswordHasher().encode("secret-123", OwaspArgon2PasswordHasher().salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_a_pbkdf2_hash_is_upgraded_to_argon2id_at_log_in(client):
    user = enterprise_user(username="old-hash")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "somesalt1234", iterations=1000)
    user.save(update_fields=["password"])
    response = client.post("/accounts/login/", {"username": "old-hash", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert identify_hasher(user.password).algorithm == "argon2" and user.check_password(PASSWORD)
    client.logout()
    assert client.post("/accounts/login/", {"username": "old-hash", "password": PASSWORD}).status_code == 302


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_a_wrong_password_does_not_upgrade_the_hash(client):
    user = enterprise_user(username="old-hash")
    old = PBKDF2PasswordHasher().encode(PASSWORD, "somesalt1234", iterations=1000)
    user.password = old
    user.save(update_fields=["password"])
    client.post("/accounts/login/", {"username": "old-hash", "password": "wrong-one"})
    user.refresh_from_db()
    assert user.password == old


# Made by PyPI's wheel of argon2-cffi-bindings (SSE2). scripts/_setup.sh rebuilds the bindings for the CPU
# (AVX2) where it can: the installed build must still read every stored hash, and still refuse a wrong one.
WHEEL_HASH = "argon2$argon2id$v=19$m=19456,t=2,p=1$7SZXpzmsnWSgRdox3tMWrg$XKIDARAlodSmMb1TkJntBCU+C7GWb+gm4TMRV2HfunI"


def test_the_installed_argon2_build_reads_hashes_made_by_another_build():
    hasher = OwaspArgon2PasswordHasher()
    assert hasher.verify("x", WHEEL_HASH)
    assert not hasher.verify("y", WHEEL_HASH)
