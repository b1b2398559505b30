from django.urls import path

from tisserand.people import views

urlpatterns = [
    path("nouveau/", views.person_create, name="person_create"),
    path("fusion/", views.person_merge, name="person_merge"),
    path("foyers/fusion/", views.household_merge, name="household_merge"),
    path("<int:pk>/modifier/", views.person_update, name="person_update"),
    path("foyers/choix/", views.household_choices, name="household_choices"),
    path("foyers/nouveau/", views.household_create, name="household_create"),
    path("foyers/<int:pk>/", views.household_detail, name="household_detail"),
    path("foyers/<int:pk>/modifier/", views.household_update, name="household_update"),
    path("foyers/<int:pk>/membres/", views.household_member_add, name="household_member_add"),
    path(
        "foyers/<int:pk>/membres/recherche/",
        views.household_member_search,
        name="household_member_search",
    ),
    path(
        "foyers/<int:pk>/quotients/", views.household_quotient_add, name="household_quotient_add"
    ),
    path(
        "foyers/<int:pk>/adhesions/",
        views.household_membership_add,
        name="household_membership_add",
    ),
]
