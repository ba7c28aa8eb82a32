from django.db import transaction

from .models import Ticket


@transaction.atomic
def take_oldest(agent):
    ticket = Ticket.objects.filter(status="open", agent__isnull=True).earliest("created")
    ticket.assign_to(agent)
    return ticket.pk
