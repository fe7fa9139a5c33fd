from django.shortcuts import render


def index(request):
    """Open surveys (filled by the surveys issue)."""
    return render(request, "surveys/index.html")
