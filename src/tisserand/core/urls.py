from django.urls import path

from tisserand.core import users_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("utilisateurs/", users_views.user_list, name="user_list"),
    path("utilisateurs/nouveau/", users_views.user_create, name="user_create"),
    path("utilisateurs/<int:pk>/", users_views.user_update, name="user_update"),
]
