from django.urls import path

from tisserand.accounts import users_views, views

urlpatterns = [
    path("connexion/code/", views.login_code, name="login_code"),
    path("compte/mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"),
    path("compte/double-authentification/", views.twofactor_setup, name="twofactor_setup"),
    path(
        "compte/double-authentification/desactiver/",
        views.twofactor_disable,
        name="twofactor_disable",
    ),
    path("utilisateurs/", users_views.user_list, name="user_list"),
    path("utilisateurs/nouveau/", users_views.user_create, name="user_create"),
    path("utilisateurs/<int:pk>/", users_views.user_update, name="user_update"),
]
