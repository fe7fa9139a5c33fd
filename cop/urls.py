from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}cop/favicon.svg")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("discussions/", include("discussions.urls")),
    path("events/", include("events.urls")),
    path("surveys/", include("surveys.urls")),
    path("library/", include("library.urls")),
    path("conversations/", include("conversations.urls")),
    # Before the admin's own URLs: its sign-in goes through allauth (and its limits).
    path("admin/login/", views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

admin.site.site_header = admin.site.site_title = _("MENA community of practice")
admin.site.index_title = _("Facilitators' workbench")
