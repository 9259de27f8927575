from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Fælles grundlag")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core import checks, personal_data  # noqa: F401  (registers the checks)
        from core.middleware import stamp_session_refreshed

        user_logged_in.connect(stamp_session_refreshed, dispatch_uid="stamp_session_refreshed")
        personal_data.install()
