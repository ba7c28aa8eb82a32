"""Look-alikes of a pydantic checkpoint. `response.json()` and a model's v1
`.json()` share a name with nothing sqlfix can type: `.json()` is left alone
(a requests response's `.json()` is a dict, not text). A job file that the
worker reads back with pydantic v1's `parse_raw` and writes with
`model_dump_json` is still a checkpoint: the reader is what decides."""
from pathlib import Path

import requests
from pydantic import BaseModel


class Job(BaseModel):
    step: int = 0


JOB = Path("job.json")


def fetch_and_keep(url: str) -> None:
    Path("last_response.json").write_text(str(requests.get(url, timeout=10).json()))


def load_job() -> Job:
    return Job.parse_raw(JOB.read_text())


def save_job(job: Job) -> None:
    JOB.write_text(job.model_dump_json())
