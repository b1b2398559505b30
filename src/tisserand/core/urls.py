from django.urls import path

from tisserand.core import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
