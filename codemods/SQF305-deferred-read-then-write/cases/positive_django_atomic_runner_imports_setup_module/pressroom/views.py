from django.db import transaction
from django.http import JsonResponse

from .models import PrintJob, Proof


@transaction.atomic
def cancel_job(request, job_id):
    # Reads first: the deletes below must upgrade that read lock.
    job = PrintJob.objects.get(id=job_id)
    Proof.objects.filter(job=job).delete()
    job.delete()
    return JsonResponse({"cancelled": job_id})


def reorder(request, job_id):
    with transaction.atomic():
        # `.delete()` collects the related rows with SELECTs before deleting.
        PrintJob.objects.filter(id=job_id).delete()
        PrintJob.objects.create(title=request.POST["title"])
    return JsonResponse({"ok": True})
