"""The site's URLs plus a bare page, for benchmarks to compare a real page with.

A benchmark points ROOT_URLCONF here (`override_settings(ROOT_URLCONF="cop.devtools.bench_urls")`).
"""

import json
import statistics
import time
from pathlib import Path

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from cop.urls import urlpatterns as site_urlpatterns


def bare_view(request):
    """The cheapest page Django can serve through the same middleware: a trivial template."""
    template = engines["django"].from_string("<!DOCTYPE html><title>{{ title }}</title><p>ok</p>")
    return HttpResponse(template.render({"title": "bare"}, request))


def timings(fn, runs: int, before=None) -> dict:
    """Call `fn` `runs` times; the median and 95th percentile in milliseconds.

    `before` (untimed) runs ahead of each call, e.g. to empty a cache."""
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "runs": runs,
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 2),
    }


def save_figures(name: str, results: dict, lines: list[str], output) -> Path:
    """Write a benchmark's figures as `<output>/<name>.json` and `.txt`; the JSON's path."""
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
    (folder / f"{name}.txt").write_text("\n".join(lines) + "\n")
    return folder / f"{name}.json"


urlpatterns = [path("bench/bare/", bare_view), *site_urlpatterns]
