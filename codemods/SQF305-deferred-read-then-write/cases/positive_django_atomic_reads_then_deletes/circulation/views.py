from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from .models import Loan, Member
from .shelving import reopen_waitlist


@transaction.atomic
def close_card(request, card):
    # Reads the member first: the deletes below must upgrade that read lock.
    member = get_object_or_404(Member, card=card)
    Loan.objects.filter(member=member).delete()
    member.delete()
    return JsonResponse({"closed": card})


def forgive(request, card):
    member = Member.objects.get(card=card)
    with transaction.atomic():
        # The delete collects related rows with SELECTs before it deletes.
        Loan.objects.filter(member=member, reminded=False).delete()
        reopen_waitlist(member)
    return JsonResponse({"ok": True})
