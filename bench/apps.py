from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed only for its command, ``manage.py generate_scale_data``; no models."""

    name = "bench"
    verbose_name = "Benchmarks"
