#!/usr/bin/env python3
# Started by the server once per job, in a process of its own.
import sys

import pressroom.bootstrap  # noqa: F401  (sets Django up)
from pressroom.models import PrintJob


def main(job_id):
    job = PrintJob.objects.get(id=job_id)
    job.state = "printing"
    job.save()


if __name__ == "__main__":
    main(int(sys.argv[1]))
