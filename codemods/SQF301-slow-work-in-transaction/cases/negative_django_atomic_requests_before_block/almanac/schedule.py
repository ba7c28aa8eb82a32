"""Rebuilds the airing table: every listing is fetched first, then the table
is replaced in one short block."""
from django.db import transaction

from . import catalogue
from .models import Airing, Show


def rebuild():
    fetched = [(show, catalogue.upcoming(show.remote_id)) for show in Show.objects.all()]
    with transaction.atomic():
        Airing.objects.all().delete()
        for show, airings in fetched:
            for starts in airings:
                Airing.objects.create(show=show, starts=starts)
