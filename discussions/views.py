from django.shortcuts import render


def index(request):
    """Topics and recent threads (filled by the discussions issue)."""
    return render(request, "discussions/index.html")
