from django.db import models, transaction
from django.utils import timezone


class JobQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(state="queued", run_after__lte=timezone.now())


class Job(models.Model):
    state = models.CharField(max_length=12, default="queued")
    run_after = models.DateTimeField(default=timezone.now)
    worker = models.CharField(max_length=40, blank=True)

    objects = JobQuerySet.as_manager()

    def claim(self, worker):
        self.state = "running"
        self.worker = worker
        self.save(update_fields=["state", "worker"])


def next_job(worker):
    with transaction.atomic():
        job = Job.objects.ready().order_by("run_after").select_for_update().first()
        if job is not None:
            job.claim(worker)
        return job
