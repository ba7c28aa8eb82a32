from django.apps import AppConfig
from django.db.backends.signals import connection_created


def tune(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")


class NewsroomConfig(AppConfig):
    name = "newsroom"

    def ready(self):
        connection_created.connect(tune)
