from django.db import models


class Picture(models.Model):
    title = models.CharField(max_length=80)
    views = models.IntegerField(default=0)
