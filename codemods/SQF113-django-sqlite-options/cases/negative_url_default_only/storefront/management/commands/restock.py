from django.core.management.base import BaseCommand

from storefront.models import Item


class Command(BaseCommand):
    def handle(self, *args, **options):
        Item.objects.filter(stock=0).update(stock=10)
