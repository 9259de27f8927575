from django.urls import path

from municipalities import views

urlpatterns = [
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("om/data/", views.about_data, name="about_data"),
    path("om/tilgaengelighed/", views.accessibility_statement, name="accessibility_statement"),
]
