from django.urls import path

from tisserand.privacy import views

urlpatterns = [
    path("habitants/<int:pk>/vie-privee/", views.person_privacy, name="person_privacy"),
    path(
        "habitants/<int:pk>/vie-privee/export.json",
        views.person_export_json,
        name="person_export_json",
    ),
    path(
        "habitants/<int:pk>/vie-privee/export.pdf",
        views.person_export_pdf,
        name="person_export_pdf",
    ),
    path(
        "habitants/<int:pk>/vie-privee/anonymiser/",
        views.person_anonymise,
        name="person_anonymise",
    ),
    path("registre-des-traitements/", views.processing_register, name="processing_register"),
]
