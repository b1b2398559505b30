from django.urls import path

from tisserand.activities import session_views, views

urlpatterns = [
    path("actions/", views.action_list, name="action_list"),
    path("ateliers/<int:pk>/", views.activity_detail, name="activity_detail"),
    path(
        "ateliers/<int:pk>/generer-seances/", views.sessions_generate, name="sessions_generate"
    ),
    path("seances/annuler/", views.sessions_cancel_range, name="sessions_cancel_range"),
    path("seances/<int:pk>/", session_views.session_detail, name="session_detail"),
    path("seances/<int:pk>/recherche/", session_views.session_search, name="session_search"),
    path("seances/<int:pk>/liste/", session_views.session_roster, name="session_roster"),
    path(
        "seances/<int:pk>/presence/<int:person_pk>/",
        session_views.attendance_toggle,
        name="attendance_toggle",
    ),
    path(
        "seances/<int:pk>/nouveau-venu/", session_views.session_newcomer, name="session_newcomer"
    ),
    path("seances/<int:pk>/comptage/", session_views.session_headcount, name="session_headcount"),
    path("seances/<int:pk>/journal/", session_views.session_journal, name="session_journal"),
    path(
        "seances/<int:pk>/encadrement/",
        session_views.session_facilitators,
        name="session_facilitators",
    ),
    path("seances/<int:pk>/annuler/", session_views.session_cancel, name="session_cancel"),
    path("seances/<int:pk>/retablir/", session_views.session_restore, name="session_restore"),
]
