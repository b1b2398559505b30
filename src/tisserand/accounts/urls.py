from django.urls import path

from tisserand.accounts import views

urlpatterns = [
    path("connexion/code/", views.login_code, name="login_code"),
    path("compte/double-authentification/", views.twofactor_setup, name="twofactor_setup"),
    path(
        "compte/double-authentification/desactiver/",
        views.twofactor_disable,
        name="twofactor_disable",
    ),
]
