from django.urls import path

from tisserand.activities import enrolment_views, month_sheet_views, session_views, views

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
    # Enrolments (inscriptions), from the atelier's page and from a session's roster
    path(
        "ateliers/<int:pk>/inscriptions/recherche/",
        enrolment_views.enrolment_search,
        name="enrolment_search",
    ),
    path(
        "ateliers/<int:pk>/inscriptions/ajouter/",
        enrolment_views.enrolment_add,
        name="enrolment_add",
    ),
    path(
        "inscriptions/<int:pk>/desinscrire/",
        enrolment_views.enrolment_withdraw,
        name="enrolment_withdraw",
    ),
    path(
        "inscriptions/<int:pk>/accorder-place/",
        enrolment_views.enrolment_promote,
        name="enrolment_promote",
    ),
    path(
        "seances/<int:pk>/inscrire/<int:person_pk>/",
        enrolment_views.session_enrol,
        name="session_enrol",
    ),
    path(
        "seances/<int:pk>/retirer-venu/<int:person_pk>/",
        enrolment_views.walk_in_take_back,
        name="walk_in_take_back",
    ),
    # Paper: the monthly sheet to print, and typing it back
    path(
        "ateliers/<int:pk>/feuille-du-mois/",
        month_sheet_views.activity_month_sheet,
        name="activity_month_sheet",
    ),
    path(
        "ateliers/<int:pk>/saisie-du-mois/",
        month_sheet_views.activity_month_entry,
        name="activity_month_entry",
    ),
]
