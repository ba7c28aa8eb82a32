from django.db import models


class Member(models.Model):
    card = models.CharField(max_length=20, unique=True)


class Loan(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE)
    reminded = models.BooleanField(default=False)
