"""Tooling lives in cop.devtools, and the running site never imports it."""

import subprocess
import sys

from django.conf import settings

SITE_IMPORTS = """
import sys
import django
django.setup()
from importlib import import_module
import cop.wsgi, cop.urls, cop.celery
from django.urls import get_resolver
get_resolver().url_patterns  # every app's urls and views
from cop.plugins import PLATFORM_APPS, app_modules
for hook in ("home", "demo", "privacy", "profile", "digest", "tasks", "admin", "feeds"):
    list(app_modules(PLATFORM_APPS, hook))
print(sorted(name for name in sys.modules if name.startswith("cop.devtools")))
"""


def test_the_running_site_never_imports_the_tooling():
    result = subprocess.run(
        [sys.executable, "-c", SITE_IMPORTS],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "cop.settings", "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_benchmark_helpers_are_not_in_an_app_package():
    assert not (settings.BASE_DIR / "discussions" / "benchmark.py").exists()
    from cop.devtools.discussions import build_thread

    assert callable(build_thread)
