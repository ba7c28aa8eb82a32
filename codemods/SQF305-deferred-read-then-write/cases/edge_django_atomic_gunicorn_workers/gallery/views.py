from django.db import transaction
from django.http import JsonResponse

from .models import Picture


def count_view(request, pk):
    # Reported: four worker processes write the file; the read comes first.
    with transaction.atomic():
        picture = Picture.objects.get(pk=pk)
        picture.views += 1
        picture.save()
    return JsonResponse({"views": picture.views})


def thumbnail(request, pk, image):
    # Not reported: the block's only write is an image saved to a path.
    with transaction.atomic():
        picture = Picture.objects.get(pk=pk)
        image.save(f"thumbs/{picture.pk}.png")
    return JsonResponse({"ok": True})
