from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.profile_detail, name="profile"),
    path("<int:pk>/membership/", views.membership_action, name="membership_action"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/data.json", views.data_export, name="data_export"),
    path("profile/close/", views.account_close, name="account_close"),
    path("contact/", views.contact, name="contact"),
    path("roster/", views.roster, name="roster"),
    path("roster/export.csv", views.roster_export, name="roster_export"),
    path("roster/invite/", views.invite, name="invite"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("profile/address/", views.address_confirm_send, name="address_confirm_send"),
    path("address/<str:token>/", views.address_confirm, name="address_confirm"),
]
