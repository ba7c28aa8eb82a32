from django.db import models


class Story(models.Model):
    published = models.BooleanField(default=False)
    queued = models.BooleanField(default=False)
