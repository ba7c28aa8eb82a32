from celery import shared_task

from . import schedule
from .models import Show


@shared_task
def nightly_rebuild():
    schedule.rebuild()


@shared_task
def follow(remote_id, title):
    Show.objects.create(remote_id=remote_id, title=title)
