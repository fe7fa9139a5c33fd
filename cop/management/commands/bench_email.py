"""Measure the email pipeline against a raw SMTP push, and save the figures under benchmarks/.

Everything runs on private pieces: a throwaway database (`<database>_bench`,
dropped at the end), a private `redis-server` on its own port, Celery worker
processes and a local SMTP sink process (cop.devtools). Per round:

- render and store: `send_templated_emails` for N members (each in their
  language and time zone, with an unsubscribe link), rows bulk-created;
- platform: the batch tasks published as a commit publishes them, until the
  worker(s) marked the last row sent (claim, one connection per batch, each
  row marked sent as soon as the server accepted it);
- raw push: the same pre-rendered messages over one SMTP connection with
  Django's SMTP backend, nothing else.

Rounds alternate which goes first, and medians are reported: the machine's
load drifts while it runs (CI and other processes share it).
"""

import json
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from cop.devtools.processes import (
    CeleryWorker,
    RedisServer,
    broker_at,
    database_url,
    worker_env,
)
from cop.devtools.smtp_sink import SinkProcess
from cop.mail import send_templated_emails
from cop.models import OutboundEmail
from cop.queue import publish
from cop.services.email import build_message
from cop.tasks import send_emails
from members.models import MembershipStatus, User

ZONES = ("Asia/Amman", "Africa/Casablanca", "Asia/Baghdad", "Africa/Tunis", "Asia/Beirut")


class Command(BaseCommand):
    help = "Benchmark sending N emails through real workers against a raw SMTP push."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=5000, help="Emails per round.")
        parser.add_argument("--rounds", type=int, default=3, help="Rounds (medians reported).")
        parser.add_argument("--workers", type=int, default=1, help="Worker processes (solo pool).")
        parser.add_argument("--batch-size", type=int, default=settings.COP_EMAIL_BATCH_SIZE)
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "benchmarks"))

    def handle(self, *args, count, rounds, workers, batch_size, output, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_email needs PostgreSQL (set DATABASE_URL).")
        if shutil.which("redis-server") is None:
            raise CommandError("bench_email needs redis-server installed.")
        original_name = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original_name}_bench"
        self.stdout.write("Creating a throwaway database…")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        folder = Path(tempfile.mkdtemp(prefix="bench-email-"))
        try:
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
                    COP_EMAIL_BATCH_SIZE=batch_size,
                ),
                broker_at(redis_server.url()),
            ):
                results = self.run(count, rounds, workers, batch_size, redis_server, sink, folder)
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)
            shutil.rmtree(folder, ignore_errors=True)
        self.save(results, Path(output))

    def run(self, count, rounds, workers, batch_size, redis_server, sink, folder) -> dict:
        members = self.seed(count)
        env = worker_env(
            database_url(),
            redis_server.url(),
            EMAIL_HOST=sink.host,
            EMAIL_PORT=str(sink.port),
            COP_EMAIL_BATCH_SIZE=str(batch_size),
            DJANGO_LOG_LEVEL="WARNING",
        )
        started = [CeleryWorker(env, folder / f"worker-{n}.log").start() for n in range(workers)]
        figures = {"platform": [], "raw": [], "render": []}
        try:
            for round_number in range(rounds):
                ids, render = self.render(members)
                figures["render"].append(render)
                messages = [build_message(row) for row in OutboundEmail.objects.filter(pk__in=ids)]
                # Alternate the order: the machine's load drifts (CI shares it).
                order = ("raw", "platform") if round_number % 2 else ("platform", "raw")
                for what in order:
                    before = sink.count
                    if what == "raw":
                        figures["raw"].append(self.raw_push(messages))
                    else:
                        figures["platform"].append(self.platform(ids, batch_size))
                    if sink.count != before + count:
                        raise CommandError(f"{what}: {sink.count - before} of {count} arrived.")
                self.stdout.write(
                    f"  round {round_number + 1}: platform {figures['platform'][-1]:.2f} s, "
                    f"raw {figures['raw'][-1]:.2f} s"
                )
        finally:
            for worker in started:
                worker.stop()
        platform, raw, render = (
            statistics.median(figures[k]) for k in ("platform", "raw", "render")
        )
        return {
            "started_at": timezone.now().isoformat(),
            # The figures depend on what else the machine does; say how busy it was.
            "cpus": os.cpu_count(),
            "load_average": [round(load, 1) for load in os.getloadavg()],
            "emails_per_round": count,
            "rounds": rounds,
            "workers": workers,
            "batch_size": batch_size,
            "async_commit": settings.COP_EMAIL_ASYNC_COMMIT,
            "render_and_queue_seconds": round(render, 2),
            "platform_seconds": round(platform, 2),
            "raw_push_seconds": round(raw, 2),
            "render_per_email_ms": round(render / count * 1000, 2),
            "platform_per_email_ms": round(platform / count * 1000, 2),
            "raw_per_email_ms": round(raw / count * 1000, 2),
            "platform_to_raw": round(platform / raw, 2),
            "per_round": {
                key: [round(value, 2) for value in values] for key, values in figures.items()
            },
        }

    def render(self, members) -> tuple[list[int], float]:
        """Render and store one email per member, as an app does; no task is published yet."""
        begin = time.perf_counter()
        with mock.patch("cop.mail.enqueue_redriven"), transaction.atomic():
            rows = send_templated_emails(
                template="email/test_message",
                recipients=members,
                context={"queued_at": timezone.now()},
                unsubscribe="digest",
            )
        return [row.pk for row in rows], time.perf_counter() - begin

    def platform(self, ids, batch_size) -> float:
        """Publish the batches as a commit does; time until the worker marked the last one sent."""
        sent = OutboundEmail.objects.filter(pk__gte=ids[0], status=OutboundEmail.Status.SENT)
        begin = time.perf_counter()
        for start in range(0, len(ids), batch_size):
            publish(send_emails.name, [ids[start : start + batch_size]], defer=False)
        self.wait(lambda: sent.count() >= len(ids), "every row marked sent")
        return time.perf_counter() - begin

    def raw_push(self, messages) -> float:
        """The same pre-rendered messages over one SMTP connection, nothing else."""
        begin = time.perf_counter()
        backend = get_connection(fail_silently=False)
        backend.open()
        try:
            backend.send_messages(messages)  # returns once the server accepted the last one
        finally:
            backend.close()
        return time.perf_counter() - begin

    def seed(self, count) -> list[User]:
        rng = random.Random(7)  # noqa: S311 - reproducible demo data
        User.objects.bulk_create(
            [
                User(
                    email=f"bench{n}@bench.invalid",
                    name_latin=f"Bench member {n}",
                    name_arabic=f"عضو القياس {n}",
                    status=MembershipStatus.MEMBER,
                    preferred_language=rng.choice(("ar", "en")),
                    timezone=rng.choice(ZONES),
                    password="!",  # an unusable password
                )
                for n in range(count)
            ],
            batch_size=1000,
        )
        return list(User.objects.filter(email__endswith="@bench.invalid").order_by("pk"))

    def wait(self, condition, what, timeout=1800):
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise CommandError(f"Timed out waiting for {what}.")
            time.sleep(0.1)

    def save(self, results, folder: Path):
        lines = [
            f"Emails: {results['emails_per_round']} per round, {results['rounds']} rounds "
            f"(medians); batches of {results['batch_size']}, {results['workers']} worker "
            f"process(es), solo pool; asynchronous commit: {results['async_commit']}",
            f"Machine: {results['cpus']} CPUs, load average {results['load_average']}",
            f"render and store   {results['render_and_queue_seconds']:>8} s "
            f"({results['render_per_email_ms']} ms per email)",
            f"platform (worker)  {results['platform_seconds']:>8} s "
            f"({results['platform_per_email_ms']} ms per email)",
            f"raw SMTP push      {results['raw_push_seconds']:>8} s "
            f"({results['raw_per_email_ms']} ms per email)",
            f"platform / raw     {results['platform_to_raw']:>8} ×",
        ]
        for line in lines:
            self.stdout.write(line)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "bench_email.json").write_text(json.dumps(results, indent=2) + "\n")
        (folder / "bench_email.txt").write_text("\n".join(lines) + "\n")
        self.stdout.write(f"Figures saved to {folder / 'bench_email.json'}")
