from django.http import JsonResponse

from ratelimit.counters import hit


def counter_view(request):
    return JsonResponse({"hits": hit(request.path)})
