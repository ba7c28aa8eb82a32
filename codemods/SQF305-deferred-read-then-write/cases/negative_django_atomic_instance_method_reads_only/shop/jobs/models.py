from django.db import models, transaction
from django.utils import timezone


class Job(models.Model):
    state = models.CharField(max_length=12, default="queued")
    payload = models.JSONField(default=dict)

    def describe(self, worker):
        return f"{worker}: job {self.pk} ({self.state})"


def next_job(worker):
    # Reads only inside the block: the claim is one conditional UPDATE after it.
    with transaction.atomic():
        job = Job.objects.filter(state="queued").order_by("pk").first()
        if job is None:
            return None
        label = job.describe(worker)
    taken = Job.objects.filter(pk=job.pk, state="queued").update(state="running")
    return label if taken else None
