from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpResponse, JsonResponse

from .models import Wallet


@login_required
def play(request, game):
    price = {"pinball": 2, "racer": 3}.get(game, 1)
    taken = Wallet.objects.filter(user=request.user, credits__gte=price).update(
        credits=F("credits") - price
    )
    if not taken:
        return HttpResponse("not enough credits", status=402)
    return JsonResponse({"ok": True})


@login_required
def refund_preview(request, game):
    # The decrement is on a copy shown to the user, never saved.
    wallet = request.user.wallet
    price = {"pinball": 2, "racer": 3}.get(game, 1)
    if wallet.credits >= price:
        wallet.credits -= price
    return JsonResponse({"after": wallet.credits})
