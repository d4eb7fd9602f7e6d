"""Settings for the test suite: the production settings, with a throw-away data folder,
tasks run immediately, mail kept in memory and fast password hashing."""

import os
import tempfile

os.environ.setdefault("FACTORYTIER_DATA_DIR", tempfile.mkdtemp(prefix="factorytier-test-"))
os.environ["FACTORYTIER_TESTING"] = "1"

from .settings import *  # noqa: E402,F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "documents"]}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
