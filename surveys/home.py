from django.utils.translation import gettext as _

from cop.home import Panel


def home_panels(request):
    return [Panel(title=_("Open surveys"), template="surveys/_home_panel.html", slug="surveys")]
