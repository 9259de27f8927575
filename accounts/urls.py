from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("konto/login/", views.LoginView.as_view(), name="login"),
    path("konto/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/2fa/", views.two_factor_verify, name="two_factor_verify"),
    path("konto/2fa/opsaet/", views.two_factor_setup, name="two_factor_setup"),
]
