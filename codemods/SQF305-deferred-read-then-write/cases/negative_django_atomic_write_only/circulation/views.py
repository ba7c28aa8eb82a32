from django.db import transaction
from django.http import JsonResponse

from .models import Loan, Member


def open_card(request, card):
    # Two writes: the first takes the write lock, nothing to upgrade.
    with transaction.atomic():
        member = Member.objects.create(card=card)
        Loan.objects.create(member=member)
    return JsonResponse({"card": card})


@transaction.atomic
def card_summary(request, card):
    member = Member.objects.get(card=card)
    open_loans = Loan.objects.filter(member=member).count()
    return JsonResponse({"card": card, "loans": open_loans})


def forget(request, loan_id):
    # One statement in the block: its own SELECT and DELETE are not split by us.
    with transaction.atomic():
        Loan.objects.filter(pk=loan_id).update(reminded=True)
    return JsonResponse({"ok": True})
