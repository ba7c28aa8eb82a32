from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse

from .models import Wallet


@login_required
def play(request, game):
    wallet = request.user.wallet
    price = game_price(game)
    if wallet.credits < price:
        return HttpResponse("not enough credits", status=402)
    wallet.credits -= price
    wallet.save(update_fields=["credits"])
    return JsonResponse({"credits": wallet.credits})


def game_price(game):
    return {"pinball": 2, "racer": 3}.get(game, 1)
