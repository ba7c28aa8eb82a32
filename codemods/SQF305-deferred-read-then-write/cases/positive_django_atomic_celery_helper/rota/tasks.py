from celery import shared_task

from .models import Shift


@shared_task
def import_roster(team, people):
    for person in people:
        Shift.objects.create(team=team, person=person)
