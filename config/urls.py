from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

# The Django admin asks for a second factor (TOTP) as well as the password.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", include("reports.urls")),
    path("", include("municipalities.urls")),
    path("", include("accounts.urls_password")),
    path("aktiviteter/", include("activities.urls")),
    path("politikker/", include("policies.urls")),
    path("partnerskaber/", include("partnerships.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "municipalities.errors.bad_request"
handler403 = "municipalities.errors.permission_denied"
handler404 = "municipalities.errors.page_not_found"
handler500 = "municipalities.errors.server_error"
