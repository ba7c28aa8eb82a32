from django.db import connection
from django.http import JsonResponse


def add_to_cart(request, item_id):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO cart (item_id) VALUES (%s)", [item_id])
    return JsonResponse({"ok": True})
