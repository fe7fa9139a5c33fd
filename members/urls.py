from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("roster/", views.roster, name="roster"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
