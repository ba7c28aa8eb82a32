from django.core.management.base import BaseCommand

from newsroom.models import Story


class Command(BaseCommand):
    help = "Started every five minutes by the task runner"

    def handle(self, *args, **options):
        Story.objects.filter(published=False).update(queued=True)
