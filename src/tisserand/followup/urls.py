from django.urls import path

from tisserand.followup import figure_views, views

urlpatterns = [
    path("", views.followup_list, name="followup_list"),
    path("chiffres/", figure_views.followup_figures, name="followup_figures"),
    path("nouveau/", views.followup_create, name="followup_create"),
    path("recherche-personne/", views.followup_person_search, name="followup_person_search"),
    path("<int:pk>/", views.followup_detail, name="followup_detail"),
    path("<int:pk>/modifier/", views.followup_update, name="followup_update"),
    path("<int:pk>/clore/", views.followup_close, name="followup_close"),
    path("<int:pk>/rouvrir/", views.followup_reopen, name="followup_reopen"),
    path("<int:pk>/contacts/", views.followup_contact_add, name="followup_contact_add"),
    path("<int:pk>/orientations/", views.followup_referral_add, name="followup_referral_add"),
    path("orientations/<int:pk>/", views.followup_referral_update,
         name="followup_referral_update"),
]
