from django.urls import path

from tisserand.activities import (
    enrolment_views,
    month_sheet_views,
    programme_views,
    session_views,
    setup_views,
    views,
)


def _reference_urls(kind: str, slug: str) -> list:
    """List, create, edit and delete one kind of reference record (url names
    ``<kind>_list``, ``<kind>_create``, ``<kind>_update``, ``<kind>_delete``)."""
    options = {"kind": kind}
    return [
        path(f"programme/{slug}/", setup_views.reference_list, options, name=f"{kind}_list"),
        path(f"programme/{slug}/nouveau/", setup_views.reference_create, options,
             name=f"{kind}_create"),
        path(f"programme/{slug}/<int:pk>/", setup_views.reference_update, options,
             name=f"{kind}_update"),
        path(f"programme/{slug}/<int:pk>/supprimer/", setup_views.reference_delete_view,
             options, name=f"{kind}_delete"),
    ]


urlpatterns = [
    path("actions/", views.action_list, name="action_list"),
    # Setting up the programme (coordination and direction)
    path("programme/", setup_views.programme_home, name="programme_home"),
    path("programme/centre/", setup_views.centre_settings, name="centre_settings"),
    *_reference_urls("place", "lieux"),
    *_reference_urls("sector", "secteurs"),
    *_reference_urls("partner", "partenaires"),
    *_reference_urls("funding_scheme", "dispositifs"),
    *_reference_urls("cancellation_reason", "motifs-annulation"),
    *_reference_urls("contributor", "equipe"),
    path("actions/nouvelle/", programme_views.action_create, name="action_create"),
    path("actions/<int:pk>/modifier/", programme_views.action_update, name="action_update"),
    path("actions/<int:action_pk>/ateliers/nouveau/", programme_views.activity_create,
         name="activity_create"),
    path("ateliers/<int:pk>/modifier/", programme_views.activity_update,
         name="activity_update"),
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
