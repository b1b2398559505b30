from django.urls import path

from tisserand.pages import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("habitants/<int:pk>/", views.person_detail, name="person_detail"),
    path("habitants/<int:pk>/scolarite/", views.person_enrollment_set,
         name="person_enrollment_set"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
]
