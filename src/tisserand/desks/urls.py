from django.urls import path

from tisserand.desks import figure_views, mending_views, views

urlpatterns = [
    path("", views.desk_list, name="desk_list"),
    path("chiffres/", figure_views.desk_figures, name="desk_figures"),
    path("recherche-personne/", views.appointment_person_search,
         name="appointment_person_search"),
    path("<int:pk>/", views.desk_detail, name="desk_detail"),
    path("<int:pk>/semaine/", views.desk_week, name="desk_week"),
    path("<int:pk>/generer/", views.desk_sessions_generate, name="desk_sessions_generate"),
    path("<int:pk>/fermeture/", views.desk_closure_add, name="desk_closure_add"),
    path("jour/<int:pk>/", views.desk_session_detail, name="desk_session_detail"),
    path("jour/<int:pk>/rouvrir/", views.desk_session_reopen, name="desk_session_reopen"),
    path("jour/<int:pk>/feuille/", views.desk_day_sheet, name="desk_day_sheet"),
    path("jour/<int:pk>/annuler/", mending_views.desk_session_cancel,
         name="desk_session_cancel"),
    path("jour/<int:pk>/a-prevenir/", mending_views.desk_session_warn,
         name="desk_session_warn"),
    path("jour/<int:pk>/sans-rendez-vous/", views.desk_walk_in, name="desk_walk_in"),
    path("jour/<int:pk>/rendez-vous/", views.appointment_book, name="appointment_book"),
    path("rendez-vous/<int:pk>/etat/", views.appointment_status, name="appointment_status"),
    path("rendez-vous/<int:pk>/entretien/", views.appointment_interview,
         name="appointment_interview"),
    path("rendez-vous/<int:pk>/deplacer/", mending_views.appointment_move,
         name="appointment_move"),
]
