# Importing this module sets Django up: scripts import it before the models.
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")
django.setup()
