# Beside the loaded settings: a variant a deployment may choose with
# DJANGO_SETTINGS_MODULE from outside the repository, reported.
from .settings import *  # noqa: F401,F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/srv/kiosk/staging.sqlite3",
    }
}
