from django.db import models


class PrintJob(models.Model):
    title = models.CharField(max_length=80)
    state = models.CharField(max_length=20, default="queued")


class Proof(models.Model):
    job = models.ForeignKey(PrintJob, on_delete=models.CASCADE)
    approved = models.BooleanField(default=False)
