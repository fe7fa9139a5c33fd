"""django-spirit's topic page, served beside ours for `bench_discussions --spirit-python`.

Nothing of Spirit lives in this repository: the given interpreter (a throwaway
virtualenv with `django-spirit gunicorn psycopg[binary]`) runs `spirit
startproject` in a temporary folder, migrates a throwaway PostgreSQL database,
loads one topic with the same reply texts as our benchmark thread through a
small generated script, and serves it with gunicorn, one sync worker, DEBUG off.

    with SpiritSite(python, replies=1000, texts=REPLY_TEXTS, database=...) as spirit:
        requests_per_second(spirit.url, cookie=spirit.cookie, seconds=10)
"""

import http.client
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .load import free_port
from .processes import wait_for_port

SETTINGS = """\
from .prod import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
DATABASES = {{"default": {database}}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# Indexing 1,000 comments in Whoosh while loading is not what is measured.
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
LOGGING = {{"version": 1, "disable_existing_loggers": False}}
"""

# Comments are rendered with Spirit's own Markdown, as its comment form does.
LOAD = """\
import json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from spirit.category.models import Category
from spirit.comment.models import Comment
from spirit.core.utils.markdown import Markdown
from spirit.topic.models import Topic

replies, texts, per_page = json.loads(sys.argv[1])
if per_page:  # Spirit's admin setting (djconfig), 20 by default
    from djconfig.models import Config

    Config.objects.update_or_create(key="comments_per_page", defaults={"value": str(per_page)})
User = get_user_model()
authors = [
    User.objects.create_user(username=f"bench{n}", email=f"bench{n}@bench.invalid", password="x")
    for n in range(4)
]
for user in authors:
    user.st.is_verified = True
    user.st.save()
category = Category.objects.create(title="Benchmark", slug="benchmark")
topic = Topic.objects.create(
    user=authors[0], category=category, title="How do you keep a social registry up to date?"
)
bodies = ["We update household data once a year. كيف تحدّثون بيانات الأسر؟"]
bodies += [texts[n % len(texts)] for n in range(replies)]
Comment.objects.bulk_create(
    Comment(
        user=authors[n % len(authors)],
        topic=topic,
        comment=body,
        comment_html=Markdown().render(body),
    )
    for n, body in enumerate(bodies)
)
Topic.objects.filter(pk=topic.pk).update(comment_count=len(bodies))
session = SessionStore()
session[SESSION_KEY] = str(authors[1].pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = authors[1].get_session_auth_hash()
session.create()
print(json.dumps({"path": topic.get_absolute_url(), "session": session.session_key}))
"""


class SpiritSite:
    def __init__(self, python, *, replies, texts, database: dict, log_path, per_page=None):
        self.python = Path(python)
        self.per_page = per_page
        self.replies = replies
        self.texts = list(texts)
        self.database = database
        self.log_path = Path(log_path)
        self.port = free_port()
        self.process = None
        self.folder = None

    def _run(self, *args) -> str:
        done = subprocess.run(args, cwd=self.project, env=self.env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def start(self) -> "SpiritSite":
        bin_dir = self.python.parent
        self.folder = Path(tempfile.mkdtemp(prefix="spirit-bench-"))
        self.env = {
            **os.environ,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "DJANGO_SETTINGS_MODULE": "spiritbench.settings.bench",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.env.pop("PYTHONPATH", None)
        subprocess.run(
            [str(bin_dir / "spirit"), "startproject", "spiritbench"],
            cwd=self.folder,
            env=self.env,
            check=True,
            capture_output=True,
        )
        self.project = self.folder / "spiritbench"
        (self.project / "spiritbench" / "settings" / "bench.py").write_text(
            SETTINGS.format(database=repr(self.database))
        )
        (self.project / "load_bench.py").write_text(LOAD)
        python = str(self.python)
        self._run(python, "manage.py", "migrate", "--noinput")
        self._run(python, "manage.py", "createcachetable")
        loaded = self._run(
            python, "load_bench.py", json.dumps([self.replies, self.texts, self.per_page])
        )
        info = json.loads(loaded.strip().splitlines()[-1])
        self.path = info["path"]
        self.cookie = f"sessionid={info['session']}"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "spiritbench.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ],
            cwd=self.project,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port("127.0.0.1", self.port, timeout=30)
        # Comments on the measured page: a check that the page is the topic, not an error.
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", self.path, headers={"Cookie": self.cookie})
        page = connection.getresponse().read()
        connection.close()
        self.page_bytes = len(page)
        self.comments_shown = page.count(b'data-pk="')
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "SpiritSite":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
