from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from partnerships.urls import document_patterns as contract_documents
from policies.urls import document_patterns as policy_documents

# The Django admin asks for a second factor (TOTP) as well as the password.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", include("reports.urls")),
    path("", include("accounts.urls")),
    path("", include("municipalities.urls")),
    path("", include("accounts.urls_password")),
    path("aktiviteter/", include("activities.urls")),
    # The reminder log keeps its address under the policies, where it has always been.
    path("politikker/paamindelser/", include("reminders.urls")),
    path("politikker/", include("policies.urls")),
    path("", include(policy_documents)),
    path("partnerskaber/", include("partnerships.urls")),
    path("partnerskaber/", include(contract_documents)),
    path("admin/", admin.site.urls),
]

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
