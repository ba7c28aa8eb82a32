from django.conf import settings
from huey.contrib.djhuey import db_task

from .services import take_oldest


@db_task()
def auto_assign(agent=None):
    return take_oldest(agent or settings.DEFAULT_AGENT)
