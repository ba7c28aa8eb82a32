"""A task queue on the Django ORM (the default database a SQLite file). The
dequeue reads rows whose lock has expired, then claims each by setting its
lock in Python and saving it: two clusters polling the table both read the
same free rows before either saves, and both run the same task.

Not reported yet (a known miss, kept as an edge so its snapshot shows when it
is): SQF305 does not model Django querysets. The safe form claims each row with
`OrmQ.objects.filter(pk=task.pk, lock=task.lock).update(lock=now)` and keeps it
only when that returns 1; `select_for_update()` would not help here, since
Django's SQLite backend ignores it (SQLite has no row locks).
"""
from django.db import models
from django.utils import timezone


class OrmQ(models.Model):
    key = models.CharField(max_length=100)
    payload = models.TextField()
    lock = models.DateTimeField(null=True)


class ORM:
    def __init__(self, list_key, retry=60, bulk=1):
        self.list_key = list_key
        self.retry = retry
        self.bulk = bulk

    def dequeue(self):
        now = timezone.now()
        timeout = now - timezone.timedelta(seconds=self.retry)
        tasks = OrmQ.objects.filter(key=self.list_key, lock__lt=timeout)[0 : self.bulk]
        claimed = []
        for task in tasks:
            task.lock = now
            task.save(update_fields=["lock"])
            claimed.append((task.pk, task.payload))
        return claimed
