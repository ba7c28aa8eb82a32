# Imported by the web process only: setting Django up again here starts no
# process of its own, so nothing writes beside the views.
import pressroom.bootstrap  # noqa: F401

from .models import PrintJob


def queued_titles():
    return [job.title for job in PrintJob.objects.filter(state="queued")]
