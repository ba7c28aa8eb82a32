from django.core.management.base import BaseCommand

from circulation.models import Loan


class Command(BaseCommand):
    help = "Run from cron every night"

    def handle(self, *args, **options):
        Loan.objects.filter(reminded=False).update(reminded=True)
