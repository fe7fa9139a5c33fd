from django.urls import path

from . import feeds, views

app_name = "discussions"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("preview/", views.preview, name="preview"),
    path("mention/", views.mention_find, name="mention_find"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("topics/<slug:slug>/new/", views.thread_create, name="thread_create"),
    path("topics/<slug:slug>/follow/", views.topic_follow, name="topic_follow"),
    path("topics/<slug:slug>/feed/", feeds.TopicFeed(), name="topic_feed"),
    path("threads/<int:pk>/", views.thread_detail, name="thread"),
    path("threads/<int:pk>/unread/", views.thread_unread, name="thread_unread"),
    path("threads/<int:pk>/follow/", views.thread_follow, name="thread_follow"),
    path("threads/<int:pk>/moderate/", views.thread_moderate, name="thread_moderate"),
    path("posts/<int:pk>/", views.post_permalink, name="post"),
    path("posts/<int:pk>/reply/", views.post_reply, name="post_reply"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/translate/", views.post_translate, name="post_translate"),
    path("posts/<int:pk>/flag/", views.post_flag, name="post_flag"),
    path("posts/<int:pk>/history/", views.post_history, name="post_history"),
    path("posts/<int:pk>/hide/", views.post_hide, name="post_hide"),
    path("posts/<int:pk>/accept/", views.post_accept, name="post_accept"),
    path("posts/<int:pk>/helpful/", views.post_helpful, name="post_helpful"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
