from django.urls import path

from reports import views

urlpatterns = [
    path("", views.start, name="start"),
]
