from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.conversation_new, name="new"),
    path("<int:pk>/", views.conversation_detail, name="detail"),
    path("<int:pk>/leave/", views.conversation_leave, name="leave"),
    path("messages/<int:pk>/flag/", views.message_flag, name="flag"),
    path("ask/<int:pk>/", views.ask_expert, name="ask"),
]
