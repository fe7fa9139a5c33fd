"""Benchmark digests against raw SMTP: 10,000 members, 5,000 new posts, real worker processes.

Everything runs on private pieces (cop.devtools): a throwaway PostgreSQL
database (`<database>_bench_digests`, dropped at the end), a private
`redis-server`, Celery worker processes and a local SMTP sink process.

(b) the platform: the digest scan in this process (as beat runs it), then the
    workers build the batches and send the emails they queue, until the last
    digest is marked sent. The first batch is built in this process so that
    its queries can be counted;
(a) raw baseline: the very messages the platform sent, pre-rendered, pushed
    again over one SMTP connection with Django's SMTP backend.
Members live in zones where it is local morning now (fixed-offset zones), so
that the workers, which read the real clock, find their digests due.
Figures go to benchmarks/bench_digests.json and .txt.
"""

import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from cop.devtools.bench_urls import save_figures
from cop.devtools.processes import CeleryWorker, RedisServer, broker_at, database_url, worker_env
from cop.devtools.smtp_sink import SinkProcess
from cop.models import OutboundEmail
from cop.services.email import build_message
from digests import services
from digests.models import DigestDelivery
from discussions.models import PATH_SEGMENT, Post, Thread, ThreadFollow, Topic, TopicFollow
from members.models import Country, DigestFrequency, MembershipStatus, NotificationMode, User

TOPICS = 20
POSTS_PER_THREAD = 10
BODY_EN = (
    "In our programme we register informal workers through their cooperatives and unions, "
    "then check the household data against the civil registry every six months. "
)
BODY_AR = (
    "نسجّل العمال غير المنظمين في برنامجنا عبر تعاونياتهم ونقاباتهم، ثم نطابق بيانات "
    "الأسر مع السجل المدني كل ستة أشهر. "
)


def morning_zones() -> list[str]:
    """Fixed-offset zones where it is between 07:30 and 11:00 now."""
    now = timezone.now()
    zones = []
    for local_hour in (8, 9, 10):
        offset = (local_hour - now.hour + 12) % 24 - 12
        zones.append(f"Etc/GMT{'-' if offset >= 0 else '+'}{abs(offset)}")
    return zones


def peak_memory_mib(pid: int) -> float:
    """The peak resident memory of a process (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


class Command(BaseCommand):
    help = "Benchmark digests (10,000 members, 5,000 new posts) against raw SMTP."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=10_000)
        parser.add_argument("--posts", type=int, default=5_000)
        parser.add_argument("--workers", type=int, default=2, help="Worker processes (solo pool).")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "benchmarks"))

    def handle(self, *args, members, posts, workers, output, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_digests needs PostgreSQL (set DATABASE_URL).")
        if shutil.which("redis-server") is None:
            raise CommandError("bench_digests needs redis-server installed.")
        if members < 1 or posts < POSTS_PER_THREAD or workers < 1:
            raise CommandError("Give at least one member, one thread's posts and one worker.")
        self.results = {
            "started_at": timezone.now().isoformat(),
            "members": members,
            "new_posts": posts,
        }
        self.lines = [
            f"bench_digests, {timezone.now():%Y-%m-%d %H:%M} UTC: {members} members, "
            f"{posts} new posts, {workers} worker process(es)"
        ]
        started = time.perf_counter()
        original_name = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original_name}_bench_digests"
        self.stdout.write("Creating a throwaway database…")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        folder = Path(tempfile.mkdtemp(prefix="bench-digests-"))
        try:
            self.seed(members, posts)
            with (
                RedisServer() as redis_server,
                SinkProcess(folder / "sink") as sink,
                override_settings(
                    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                    EMAIL_HOST=sink.host,
                    EMAIL_PORT=sink.port,
                    EMAIL_USE_TLS=False,
                    EMAIL_HOST_USER="",
                    EMAIL_HOST_PASSWORD="",
                ),
                broker_at(redis_server.url()),
            ):
                self.platform(members, workers, redis_server, sink, folder)
                self.baseline(sink)
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)
            shutil.rmtree(folder, ignore_errors=True)
        self.results["total_seconds"] = round(time.perf_counter() - started, 1)
        saved = save_figures("bench_digests", self.results, self.lines, output)
        self.stdout.write(f"\nThrowaway database dropped. Figures saved to {saved}")

    def say(self, line: str) -> None:
        self.lines.append(line)
        self.stdout.write(line)

    # --- Data ---------------------------------------------------------------------------------
    def seed(self, count: int, post_count: int) -> None:
        """Members following two topics and three threads; threads of ten posts since yesterday."""
        self.stdout.write("Seeding members, follows and posts…")
        zones = morning_zones()
        country = Country.objects.get(code="JO")  # reference data from the migrations
        country.timezone = zones[0]
        country.save(update_fields=["timezone"])
        password = make_password(None)
        users = User.objects.bulk_create(
            (
                User(
                    email=f"bench{n}@bench.invalid",
                    name_latin=f"Reader {n}",
                    name_arabic=f"قارئ {n}",
                    country=country,
                    status=MembershipStatus.MEMBER,
                    timezone=zones[n % len(zones)],
                    preferred_language="ar" if n % 3 else "en",
                    notification_mode=NotificationMode.DIGEST,
                    digest_frequency=DigestFrequency.DAILY,
                    password=password,
                )
                for n in range(count)
            ),
            batch_size=2000,
        )
        authors = User.objects.bulk_create(
            User(
                email=f"author{n}@bench.invalid",
                name_latin=f"Author {n}",
                name_arabic=f"كاتب {n}",
                country=country,
                status=MembershipStatus.MEMBER,
                digest_frequency=DigestFrequency.NONE,
                password=password,
            )
            for n in range(50)
        )
        topics = Topic.objects.bulk_create(
            Topic(slug=f"bench-{n}", name=f"محور {n}", name_ar=f"محور {n}", name_en=f"Topic {n}")
            for n in range(TOPICS)
        )
        now = timezone.now()
        thread_count = post_count // POSTS_PER_THREAD
        threads = Thread.objects.bulk_create(
            Thread(
                topic=topics[n % TOPICS],
                author=authors[n % len(authors)],
                language="ar" if n % 2 else "en",
                title=f"كيف نصل إلى العمال غير المنظمين؟ ({n})"
                if n % 2
                else f"How do you reach informal workers? ({n})",
                title_translation=f"How do you reach informal workers? ({n})" if n % 2 else "",
                last_activity_at=now,
            )
            for n in range(thread_count)
        )
        rows = []
        for n, thread in enumerate(threads):
            for k in range(POSTS_PER_THREAD):
                body = (BODY_AR if n % 2 else BODY_EN) * 2
                rows.append(
                    Post(
                        thread=thread,
                        author=authors[(n + k) % len(authors)],
                        language=thread.language,
                        body=body,
                        body_html=f"<p>{body}</p>",
                        path="",
                        depth=0 if k == 0 else 1,
                    )
                )
        posts = Post.objects.bulk_create(rows, batch_size=2000)
        for n, post in enumerate(posts):
            thread = threads[n // POSTS_PER_THREAD]
            opening = posts[(n // POSTS_PER_THREAD) * POSTS_PER_THREAD]
            post.path = (
                f"{post.pk:0{PATH_SEGMENT}d}"
                if post is opening
                else f"{opening.pk:0{PATH_SEGMENT}d}{post.pk:0{PATH_SEGMENT}d}"
            )
            post.parent_id = None if post is opening else opening.pk
            post.branch_id = None if post is opening else post.pk
            # Spread over the last 20 hours, in thread order.
            post.created_at = now - timedelta(hours=20) + timedelta(seconds=14 * n)
        Post.objects.bulk_update(posts, ["path", "parent", "branch", "created_at"], batch_size=2000)
        for thread in threads:
            thread.opening_post_id = posts[threads.index(thread) * POSTS_PER_THREAD].pk
        Thread.objects.bulk_update(threads, ["opening_post"], batch_size=2000)
        Thread.objects.update(created_at=now - timedelta(hours=21))
        TopicFollow.objects.bulk_create(
            (
                TopicFollow(member=user, topic=topics[(n + k) % TOPICS])
                for n, user in enumerate(users)
                for k in (0, 7)
            ),
            batch_size=5000,
        )
        ThreadFollow.objects.bulk_create(
            (
                ThreadFollow(member=user, thread=threads[(n * 3 + k) % thread_count])
                for n, user in enumerate(users)
                for k in range(3)
            ),
            batch_size=5000,
        )
        self.results["data"] = {
            "zones": zones,
            "topics": TOPICS,
            "threads": thread_count,
            "posts_per_thread": POSTS_PER_THREAD,
            "follows_per_member": {"topics": 2, "threads": 3},
        }

    # --- (b) the platform ----------------------------------------------------------------------
    def platform(self, count: int, workers: int, redis_server, sink, folder) -> None:
        env = worker_env(
            database_url(),
            redis_server.url(),
            EMAIL_HOST=sink.host,
            EMAIL_PORT=str(sink.port),
            DJANGO_LOG_LEVEL="WARNING",
        )
        started = [CeleryWorker(env, folder / f"worker-{n}.log").start() for n in range(workers)]
        size = settings.DIGEST_BATCH
        try:
            before = sink.count
            begin = time.perf_counter()
            with CaptureQueriesContext(connection) as scan_queries:
                due = services.due_member_ids()
            if len(due) != count:
                raise CommandError(f"{len(due)} members due of {count}.")
            # The first batch here, its queries counted; the others to the workers.
            with CaptureQueriesContext(connection) as batch_queries:
                built = services.digest_batch_send(member_ids=due[:size])
            first_batch = time.perf_counter() - begin
            with CaptureQueriesContext(connection) as rest_queries:
                services.digests_send_due()
            sent = OutboundEmail.objects.filter(
                kind="digests/email/digest", status=OutboundEmail.Status.SENT
            )
            deadline = time.monotonic() + 3600
            while sent.count() < count:
                if time.monotonic() > deadline:
                    raise CommandError("The workers did not send the digests within an hour.")
                time.sleep(0.2)
            seconds = time.perf_counter() - begin
            delivered = sink.count - before
            memory = [peak_memory_mib(worker.process.pid) for worker in started]
        finally:
            for worker in started:
                worker.stop()
        if built != size and count >= size:
            raise CommandError(f"The first batch built {built} digests of {size}.")
        deliveries = DigestDelivery.objects.count()
        batches = -(-count // size)
        self.results["platform"] = {
            "digests": count,
            "delivered_to_sink": delivered,
            "deliveries": deliveries,
            "seconds": round(seconds, 2),
            "per_second": round(count / seconds, 1),
            "scan_queries": len(scan_queries) + len(rest_queries),
            "batch_size": size,
            "batches": batches,
            "queries_per_batch": len(batch_queries),
            "first_batch_seconds": round(first_batch, 2),
            "worker_processes": workers,
            "worker_peak_memory_mib": memory,
            "email_batch_size": settings.COP_EMAIL_BATCH_SIZE,
            "average_message_bytes": None,
        }
        self.say(
            f"(b) platform: {count} digests found due, built in {batches} batches of {size} "
            f"({len(batch_queries)} queries per batch, whatever its size; the scan "
            f"{len(scan_queries) + len(rest_queries)} queries) and all sent by {workers} "
            f"worker(s) {seconds:.2f} s after the scan began = {count / seconds:.0f} digests/s; "
            f"worker peak memory {', '.join(f'{m} MiB' for m in memory)}"
        )

    # --- (a) raw SMTP ------------------------------------------------------------------------
    def baseline(self, sink) -> None:
        """The same messages, pre-rendered, over one SMTP connection and nothing else."""
        rows = OutboundEmail.objects.filter(kind="digests/email/digest").order_by("pk")
        messages = [build_message(row) for row in rows]
        count = len(messages)
        size = sum(len(m.message().as_bytes()) for m in messages[:200]) / min(200, count)
        before = sink.count
        begin = time.perf_counter()
        backend = get_connection(fail_silently=False)
        backend.open()
        try:
            backend.send_messages(messages)
        finally:
            backend.close()
        seconds = time.perf_counter() - begin
        if sink.count - before != count:
            raise CommandError(f"raw push: {sink.count - before} of {count} arrived.")
        platform = self.results["platform"]
        platform["average_message_bytes"] = round(size)
        self.results["raw_smtp"] = {
            "messages": count,
            "seconds": round(seconds, 2),
            "per_second": round(count / seconds, 1),
        }
        platform["ratio_to_raw"] = round(platform["seconds"] / seconds, 2)
        self.say(
            f"(a) raw SMTP, one connection: the same {count} messages (about {size / 1024:.1f} KB "
            f"each) in {seconds:.2f} s = {count / seconds:.0f}/s\n"
            f"    platform / raw = {platform['ratio_to_raw']}× (target: within 2×)"
        )
