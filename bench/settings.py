"""Settings for benchmark runs only: the product's settings with debug off, a
bench-only URLconf (adds a bare view to compare with) and a timing header.

Not PRODUCTION=1: that would redirect plain HTTP on loopback to HTTPS and need
collectstatic; everything that costs time per request is the same.
"""

import warnings

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# First, so that the time covers every other middleware.
MIDDLEWARE = ["bench.middleware.server_timing", *MIDDLEWARE]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# whitenoise warns once per process that collectstatic has not been run; the
# pages' static files are not part of the benchmark.
warnings.filterwarnings("ignore", message="No directory at")
