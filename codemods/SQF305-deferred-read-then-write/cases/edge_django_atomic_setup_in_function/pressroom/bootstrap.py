# Setting Django up is a function here, not an effect of the import: a script
# that imports this module without calling `configure()` is not counted as a
# Django process (sqlfix does not follow the call), so nothing is reported.
import os

import django


def configure():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
    django.setup()
