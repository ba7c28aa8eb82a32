import os
import time

from django.core.management.base import BaseCommand

from jobs.models import next_job


class Command(BaseCommand):
    help = "Poll the queue and run jobs."

    def handle(self, *args, **options):
        name = f"worker-{os.getpid()}"
        while True:
            job = next_job(name)
            if job is None:
                time.sleep(2)
                continue
            self.stdout.write(f"running {job.pk}")
