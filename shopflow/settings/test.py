"""The test suite: the same PostgreSQL and Redis as development, kept apart by name and prefix."""

import tempfile
import uuid
from pathlib import Path

from .base import *  # noqa: F403
from .base import CACHES, env

DEBUG = False
# A prefix of its own per test run, so that runs sharing a Redis never see each other's keys and
# each test can empty just this run's keys (tests/conftest.py).
CACHES["default"]["KEY_PREFIX"] = f"{env('CACHE_KEY_PREFIX', default='shopflow-test')}-{uuid.uuid4().hex[:8]}"
# Mail stays in memory; a real worker a test starts writes it to files in TEST_MAILBOX_DIR instead,
# where the test counts what left.
EMAIL_FILE_PATH = env("TEST_MAILBOX_DIR", default="")
EMAIL_BACKEND = f"django.core.mail.backends.{'filebased' if EMAIL_FILE_PATH else 'locmem'}.EmailBackend"
# Tasks queued in a test run after commit in-process, so a test sees their effect; the
# worker round-trip itself is tested against a real worker process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
# Stored files (invoices' PDFs) of a test run go to a directory of their own, not the checkout's media/.
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"shopflow-test-media-{uuid.uuid4().hex[:8]}"
