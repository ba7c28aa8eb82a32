from django.db import transaction
from django.http import JsonResponse

from .models import Shift


def replace_shifts(team, people):
    Shift.objects.filter(team=team).delete()
    for person in people:
        Shift(team=team, person=person).save()


def publish(request, team):
    people = request.POST.getlist("person")
    with transaction.atomic():
        replace_shifts(team, people)
    return JsonResponse({"team": team, "count": len(people)})
