from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from municipalities.models import (
    Arena,
    Institution,
    Membership,
    Municipality,
    Principle,
    Programme,
    TargetGroup,
)


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "historical_name", "is_model_municipality"]
    search_fields = ["name", "historical_name"]


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "kind"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name"]
    list_select_related = ["municipality"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "municipality", "institution"]
    list_filter = ["role", "municipality"]
    list_select_related = ["user", "municipality", "institution"]
    raw_id_fields = ["user", "institution"]


admin.site.register([Arena, Principle, TargetGroup, Programme])
