"""Rebuilds the airing table from the listings service."""
from django.db import transaction

from . import catalogue
from .models import Airing, Show


def rebuild():
    with transaction.atomic():
        Airing.objects.all().delete()
        for show in Show.objects.all():
            for starts in catalogue.upcoming(show.remote_id):
                Airing.objects.create(show=show, starts=starts)
