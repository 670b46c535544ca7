"""Local development and the demo run by `make run`."""
from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = True
SECRET_KEY = SECRET_KEY or "local-development-only-secret-key-not-for-production"  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"

# Serve static files straight from the finders (no collectstatic needed outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
