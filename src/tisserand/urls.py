from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tisserand.accounts.views import LoginView

# A write the database refuses, raised outside a view (another middleware): the 503 page.
handler500 = "tisserand.core.db_errors.server_error"

urlpatterns = [
    path("connexion/", LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("tisserand.pages.urls")),
    path("", include("tisserand.accounts.urls")),
    path("habitants/", include("tisserand.people.urls")),
    path("rapport/", include("tisserand.reports.urls")),
    path("journal/", include("tisserand.audit.urls")),
    path("permanences/", include("tisserand.desks.urls")),
    path("accompagnement/", include("tisserand.followup.urls")),
    path("", include("tisserand.privacy.urls")),
    path("", include("tisserand.activities.urls")),
]
