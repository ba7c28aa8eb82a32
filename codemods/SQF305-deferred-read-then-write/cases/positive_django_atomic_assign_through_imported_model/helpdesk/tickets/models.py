from django.db import models


class Ticket(models.Model):
    status = models.CharField(max_length=10, default="open")
    agent = models.CharField(max_length=40, null=True)
    created = models.DateTimeField(auto_now_add=True)

    def assign_to(self, agent):
        Ticket.objects.filter(pk=self.pk).update(status="assigned", agent=agent)
