from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Fælles grundlag")

    def ready(self) -> None:
        from core import checks, personal_data  # noqa: F401  (registers the checks)

        personal_data.install()
