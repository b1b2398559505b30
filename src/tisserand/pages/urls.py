from django.urls import path

from tisserand.pages import people_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("habitants/<int:pk>/", views.person_detail, name="person_detail"),
    path("habitants/<int:pk>/scolarite/", views.person_enrollment_set,
         name="person_enrollment_set"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    # The lists of persons and households (filters read two apps: people, activities)
    path("habitants/", people_views.person_list, name="person_list"),
    path("habitants/export.csv", people_views.person_list_csv, name="person_list_csv"),
    path("habitants/export.xlsx", people_views.person_list_xlsx, name="person_list_xlsx"),
    path("habitants/foyers/", people_views.household_list, name="household_list"),
    path("habitants/foyers/export.csv", people_views.household_list_csv,
         name="household_list_csv"),
    path("habitants/foyers/export.xlsx", people_views.household_list_xlsx,
         name="household_list_xlsx"),
]
