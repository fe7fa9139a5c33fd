from django.urls import path

from . import feeds, views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed/", feeds.PublicDocumentsFeed(), name="feed"),
    path("new/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("<int:pk>/v<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/v<int:number>/changes/", views.version_changes, name="changes"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/authors/", views.document_authors, name="authors"),
    path("<int:pk>/submit/", views.document_submit, name="submit"),
    path("<int:pk>/review/", views.document_review, name="review"),
    path("<int:pk>/publish/", views.document_publish, name="publish"),
    path("<int:pk>/revise/", views.document_revise, name="revise"),
    path("files/<int:pk>/", views.attachment_download, name="attachment"),
    path("from-thread/<int:thread_pk>/", views.from_thread, name="from_thread"),
    path("cohorts/<int:pk>/", views.cohort_board, name="cohort"),
    path("participants/<int:pk>/", views.participation, name="participation"),
    path(
        "participants/<int:pk>/hand-in/<int:milestone_pk>/",
        views.milestone_hand_in,
        name="hand_in",
    ),
    path(
        "participants/<int:pk>/feedback/<int:milestone_pk>/",
        views.milestone_feedback,
        name="feedback",
    ),
]
