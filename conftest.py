"""Test-wide environment, set before Django reads its settings."""

import os
import tempfile

os.environ.setdefault("FACTORYTIER_DATA_DIR", tempfile.mkdtemp(prefix="factorytier-test-"))
os.environ["FACTORYTIER_TESTING"] = "1"
os.environ.setdefault("FACTORYTIER_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
