from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Kommuner og referencedata")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from municipalities.middleware import stamp_session_refreshed

        user_logged_in.connect(stamp_session_refreshed, dispatch_uid="stamp_session_refreshed")
