from django.urls import path

from . import views
from .results import views as results_views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("intake/", views.intake, name="intake"),
    path("<int:pk>/", views.answer, name="answer"),
]

# Results (facilitators and focal points): surveys.results.
urlpatterns += [
    path("<int:pk>/results/", results_views.results, name="results"),
    path("<int:pk>/results/report/", results_views.results_report, name="results_report"),
    path(
        "<int:pk>/results/<int:question_pk>.svg",
        results_views.results_chart,
        name="results_chart",
    ),
    path("<int:pk>/results/answers.csv", results_views.results_csv, name="results_csv"),
]
