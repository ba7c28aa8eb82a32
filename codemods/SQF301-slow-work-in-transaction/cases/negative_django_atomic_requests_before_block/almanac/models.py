from django.db import models


class Show(models.Model):
    remote_id = models.CharField(max_length=40)
    title = models.CharField(max_length=200)


class Airing(models.Model):
    show = models.ForeignKey(Show, on_delete=models.CASCADE)
    starts = models.DateTimeField()
