from django.urls import path

from tisserand.reports import views

urlpatterns = [
    path("", views.report, name="report"),
    path("telecharger/<str:fmt>/", views.report_download, name="report_download"),
    path("fiches/<int:year>/", views.sheet_list, name="sheet_list"),
    path("fiches/<int:year>/<int:action_pk>/", views.sheet_edit, name="sheet_edit"),
    path(
        "fiches/<int:year>/<int:action_pk>/regenerer/<int:question_pk>/",
        views.answer_regenerate,
        name="answer_regenerate",
    ),
    path(
        "fiches/<int:year>/<int:action_pk>/copier/",
        views.sheet_copy_previous,
        name="sheet_copy_previous",
    ),
    path(
        "fiches/<int:year>/<int:action_pk>/chiffres/",
        views.action_figures_set,
        name="action_figures_set",
    ),
    path("centre/<int:year>/", views.centre_sections, name="centre_sections"),
]
