"""Measure the thread page and search, and save the figures under benchmarks/.

The benchmark runs in a throwaway database (`<database>_bench`, created and
migrated like a test database, dropped at the end), so the real data is never
touched and no dead rows are left behind. Search over 100,000 posts needs
PostgreSQL and is skipped elsewhere.
"""

import json
import time
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from cop.devtools.bench_urls import timings
from cop.devtools.discussions import build_thread
from discussions import selectors
from discussions.models import Post, Thread, Topic
from discussions.services import posts, search_texts
from members.models import MembershipStatus, User

SIZES = (10, 100, 1000)
SEARCH_QUERIES = (
    "الاسره",
    "مساعده نقديه",
    "transfer",
    "social registry",
    "تشغيل الشباب",
    "Nouakchott",  # in 1% of posts: a selective query
)
SENTENCES = [
    "Cash transfers reached {n} households in the northern governorates this year.",
    "The social registry now links with the civil registry and social security data.",
    "Youth employment programmes work better when employers co-design the training.",
    "Public works paid daily wages to {n} workers during the lean season.",
    "We evaluated the targeting formula against a new household survey.",
    "دعم الأسرة الفقيرة عبر التحويلات النقدية المشروطة في {n} منطقة ريفية.",
    "نحتاج إلى مساعدة تقنية لتحديث السجل الاجتماعي الموحد.",
    "تشغيل الشباب يتطلب شراكة حقيقية مع القطاع الخاص وأصحاب العمل.",
    "المساعدة النقدية وصلت إلى {n} أسرة خلال الأشهر الثلاثة الأولى.",
    "أُطلق برنامج الأشغال العامة كثيفة العمالة في المحافظات الجنوبية.",
    "Grievance redress through a free hotline cut complaints by a third.",
    "تقييم الأثر أظهر تحسنًا في معدلات التحاق الأطفال بالمدارس.",
]


class Command(BaseCommand):
    help = "Benchmark the thread page (10/100/1,000 posts) and search (100,000 posts)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=40, help="Requests per measurement.")
        parser.add_argument("--search-posts", type=int, default=100_000)
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "benchmarks"))

    def handle(self, *args, runs, search_posts, output, **options):
        self.results = {
            "started_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "runs": runs,
        }
        started = time.perf_counter()
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        original_name = connection.settings_dict["NAME"]
        if connection.vendor == "postgresql":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{original_name}_bench"
        self.stdout.write("Creating a throwaway database…")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            # Nothing the benchmark writes may reach the broker: a worker would
            # look for these posts in the real database.
            with (
                mock.patch.object(posts, "enqueue", lambda *args, **kwargs: None),
                override_settings(
                    ALLOWED_HOSTS=["testserver"],
                    ROOT_URLCONF="cop.devtools.bench_urls",
                    STORAGES=storages,
                    DEBUG=False,
                ),
            ):
                self.run(runs, search_posts)
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)
        self.results["total_seconds"] = round(time.perf_counter() - started, 1)
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "bench_discussions.json"
        path.write_text(json.dumps(self.results, indent=2, ensure_ascii=False) + "\n")
        self.stdout.write(f"\nThrowaway database dropped. Figures saved to {path}")
        self.stdout.write(f"Total time: {self.results['total_seconds']} s")

    # ---------------------------------------------------------------------------------------

    def run(self, runs, search_posts):
        suffix = timezone.now().strftime("%Y%m%d%H%M%S")
        authors = [
            User.objects.create_user(
                email=f"bench-{n}-{suffix}@bench.invalid",
                password=None,
                name_latin=f"Bench author {n}",
                status=MembershipStatus.MEMBER,
                is_expert=n == 0,
            )
            for n in range(4)
        ]
        topic = Topic.objects.create(
            slug=f"bench-{suffix}", name_ar="قياس الأداء", name_en="Benchmark"
        )
        client = Client()
        client.force_login(authors[1])

        self.stdout.write(f"Database: {connection.vendor}; {runs} requests per measurement.\n")
        bare = self.measure(client, "/bench/bare/", runs * 2)
        self.results["bare_view"] = bare
        self.stdout.write(
            f"{'page':<28}{'median ms':>10}{'p95 ms':>10}{'× bare':>9}{'queries':>9}{'KB':>7}"
        )
        self.row("bare view (trivial template)", bare, bare)
        self.results["thread_page"] = {}
        for size in SIZES:
            thread = build_thread(topic=topic, authors=authors, replies=size, max_depth=10)
            url = f"/en/discussions/threads/{thread.pk}/"
            figures = self.measure(client, url, runs)
            figures["max_depth"] = max(
                Post.objects.filter(thread=thread).values_list("depth", flat=True)
            )
            self.results["thread_page"][str(size)] = figures
            self.row(f"thread page, {size} posts", figures, bare)
        topic_figures = self.measure(client, f"/en/discussions/topics/{topic.slug}/", runs)
        self.results["topic_page"] = topic_figures
        self.row("topic thread list", topic_figures, bare)

        if connection.vendor != "postgresql":
            self.stdout.write("\nSearch: skipped (needs PostgreSQL).")
            self.results["search"] = None
            return
        self.seed_search_corpus(topic, authors, search_posts)
        self.results["search"] = {"posts": search_posts, "queries": {}}
        self.stdout.write(
            f"\nSearch over {search_posts:,} posts (full page: count, rank, highlight)"
        )
        self.stdout.write(f"{'query':<28}{'median ms':>10}{'p95 ms':>10}{'hits':>9}{'queries':>9}")
        for query in SEARCH_QUERIES:
            page = selectors.search(authors[1], query, page_number=1, language="en")
            figures = self.measure(
                client, "/en/discussions/search/?" + _q(query), max(10, runs // 2)
            )
            figures["hits"] = page.paginator.count if page else 0
            self.results["search"]["queries"][query] = figures
            self.stdout.write(
                f"{query:<28}{figures['median_ms']:>10}{figures['p95_ms']:>10}"
                f"{figures['hits']:>9}{figures['queries']:>9}"
            )

    def measure(self, client, url, runs) -> dict:
        response = client.get(url)  # warm up
        assert response.status_code == 200, (url, response.status_code)
        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        figures = timings(lambda: client.get(url), runs)
        figures["queries"] = len(executed)
        figures["bytes"] = len(response.content)
        return figures

    def row(self, label, figures, bare):
        ratio = figures["median_ms"] / bare["median_ms"] if bare["median_ms"] else 0
        figures["ratio_to_bare"] = round(ratio, 1)
        self.stdout.write(
            f"{label:<28}{figures['median_ms']:>10}{figures['p95_ms']:>10}{ratio:>8.1f}×"
            f"{figures['queries']:>9}{figures['bytes'] / 1024:>7.1f}"
        )

    def seed_search_corpus(self, topic, authors, total):
        start = time.perf_counter()
        per_thread = 100
        now = timezone.now()
        threads = Thread.objects.bulk_create(
            [
                Thread(
                    topic=topic,
                    author=authors[n % len(authors)],
                    kind="discussion",
                    title=f"Benchmark thread {n}",
                    language="en",
                    last_activity_at=now,
                )
                for n in range(total // per_thread)
            ],
            batch_size=2000,
        )

        def rows(indexes, parents):
            """Columns for INSERT ... SELECT FROM unnest(...), one list per column."""
            columns = [[] for _ in range(9)]
            for index in indexes:
                first = SENTENCES[index % len(SENTENCES)].format(n=index % 97 + 3)
                second = SENTENCES[(index * 7 + 3) % len(SENTENCES)].format(n=index % 13 + 2)
                text = f"{first} {second}"
                if index % 100 == 1:
                    text += (
                        " A peer-learning workshop on grievance hotlines was held in Nouakchott."
                    )
                thread = threads[index // per_thread]
                parent = parents.get(index // per_thread) if index % per_thread else None
                post = Post(thread=thread, parent_id=parent, body_html=f'<p dir="auto">{text}</p>')
                titles, bodies = search_texts(post=post, thread=thread)
                values = (
                    thread.pk,
                    authors[index % len(authors)].pk,
                    parent,
                    0 if parent is None else 1,
                    "ar" if "\u0600" <= first[0] <= "\u06ff" else "en",
                    text,
                    post.body_html,
                    titles,
                    bodies,
                )
                for column, value in zip(columns, values, strict=True):
                    column.append(value)
            return columns

        # One INSERT ... SELECT per batch, vectors computed by PostgreSQL as in
        # `services.search_fields`: no per-row ORM expressions, and no UPDATE
        # afterwards (which would double the table inside this never-vacuumed
        # transaction and measure the bloat rather than the search).
        insert = """
            INSERT INTO discussions_post (created_at, updated_at, thread_id, author_id,
                parent_id, path, depth, language, body, body_html, translation,
                translation_html, is_hidden, search_document, search_vector)
            SELECT now(), now(), t.thread_id, t.author_id, t.parent_id, '', t.depth,
                t.language, t.body, t.body_html, '', '', false, trim(t.titles || ' ' || t.bodies),
                setweight(to_tsvector('english', t.titles), 'A')
                || setweight(to_tsvector('simple', t.titles), 'A')
                || setweight(to_tsvector('english', t.bodies), 'B')
                || setweight(to_tsvector('simple', t.bodies), 'B')
            FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::int[], %s::text[],
                        %s::text[], %s::text[], %s::text[], %s::text[])
                AS t(thread_id, author_id, parent_id, depth, language, body, body_html,
                     titles, bodies)
            RETURNING id, thread_id
        """
        parents = {}
        with connection.cursor() as cursor:
            cursor.execute(insert, rows(range(0, total, per_thread), {}))
            by_thread = {thread.pk: n for n, thread in enumerate(threads)}
            parents = {by_thread[thread_id]: pk for pk, thread_id in cursor.fetchall()}
            replies = [index for index in range(total) if index % per_thread]
            for batch in range(0, len(replies), 10_000):
                cursor.execute(insert, rows(replies[batch : batch + 10_000], parents))
        with connection.cursor() as cursor:
            # As autovacuum would have done on a live site: visibility map and statistics.
            cursor.execute(
                "VACUUM (ANALYZE) discussions_post, discussions_thread, discussions_topic,"
                " members_user"
            )
        self.results["search_seed_seconds"] = round(time.perf_counter() - start, 1)
        self.stdout.write(f"\n(seeded {total:,} posts in {self.results['search_seed_seconds']} s)")


def _q(query: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"q": query})
