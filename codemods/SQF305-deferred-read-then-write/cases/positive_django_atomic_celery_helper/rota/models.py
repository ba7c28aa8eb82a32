from django.db import models


class Shift(models.Model):
    team = models.CharField(max_length=40)
    person = models.CharField(max_length=40)
