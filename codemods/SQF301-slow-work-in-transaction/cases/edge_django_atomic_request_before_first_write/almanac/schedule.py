"""Adds the next airing of one show. The listing request runs inside the block
but before its first write: until then the block holds no write lock. The
summary file written after the write is small and local."""
import json

from django.db import transaction

from . import catalogue
from .models import Airing, Show


def add_next(show_id):
    with transaction.atomic():
        show = Show.objects.get(pk=show_id)
        starts = catalogue.upcoming(show.remote_id)[0]
        Airing.objects.create(show=show, starts=starts)
        with open("last_added.json", "w") as f:
            json.dump({"show": show_id}, f)
