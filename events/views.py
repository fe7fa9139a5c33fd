from django.shortcuts import render


def index(request):
    """Upcoming and past events (filled by the events issue)."""
    return render(request, "events/index.html")
