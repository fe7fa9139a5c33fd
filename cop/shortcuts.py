"""Small helpers the apps' views share."""

from django.http import HttpResponse
from django.shortcuts import render


def render_form(request, template_name: str, context: dict) -> HttpResponse:
    """Render a page holding a form, with the status every form page of the site answers.

    A valid POST redirects, so a POST that comes back to its page was refused:
    it answers 400 Bad Request with the form and its errors (nothing saved),
    in members and discussions alike; a GET answers 200.
    """
    return render(request, template_name, context, status=400 if request.method == "POST" else 200)
