from django.urls import path, re_path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.index, name="index"),
    path("past/", views.index, {"past": True}, name="past"),
    path("calendar/", views.month, name="month"),
    path("calendar/<int:year>/<int:month>/", views.month, name="month"),
    path("calendar-feed/", views.feed_manage, name="feed_manage"),
    # Tokens are URL-safe base64 (secrets.token_urlsafe); anything else is not a feed.
    re_path(r"^feed/(?P<token>[A-Za-z0-9_-]{16,64})\.ics$", views.feed, name="feed"),
    path("series/<int:pk>/", views.series_detail, name="series"),
    path("series/<int:pk>/register/", views.series_register, name="series_register"),
    path("series/<int:pk>/unregister/", views.series_unregister, name="series_unregister"),
    path("series/<int:pk>/series.ics", views.series_ics, name="series_ics"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/unregister/", views.unregister, name="unregister"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
    path("<int:pk>/materials/<int:material_pk>/", views.material, name="material"),
    path("<int:pk>/nominations/", views.nominations, name="nominations"),
    path(
        "<int:pk>/nominations/<int:nomination_pk>/decide/",
        views.nomination_decide,
        name="nomination_decide",
    ),
    path("<int:pk>/registrations/", views.registrations, name="registrations"),
    path("<int:pk>/registrations.csv", views.registrations_export, name="registrations_export"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
]
