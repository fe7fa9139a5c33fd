"""The site's URLs plus a bare page, for benchmarks to compare a real page with.

A benchmark points ROOT_URLCONF here (`override_settings(ROOT_URLCONF="cop.devtools.bench_urls")`).
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from cop.urls import urlpatterns as site_urlpatterns


def bare_view(request):
    """The cheapest page Django can serve through the same middleware: a trivial template."""
    template = engines["django"].from_string("<!DOCTYPE html><title>{{ title }}</title><p>ok</p>")
    return HttpResponse(template.render({"title": "bare"}, request))


urlpatterns = [path("bench/bare/", bare_view), *site_urlpatterns]
