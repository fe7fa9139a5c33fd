"""The site as gunicorn serves it in production, plus the bare comparison page.

For load benchmarks only: `gunicorn cop.devtools.bench_wsgi:application`. The
URLs are `cop.devtools.bench_urls` (the site's, and /bench/bare/); everything
else comes from the environment as in `cop.wsgi`.
"""

import os

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.test.utils import override_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings")
django.setup()
override_settings(
    ROOT_URLCONF="cop.devtools.bench_urls",
    ALLOWED_HOSTS=["127.0.0.1"],
    # No collectstatic in a benchmark: plain static URLs, as the in-process measure uses.
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
).enable()
application = get_wsgi_application()
