"""Writers that already use a temporary file of their own."""

import json
import os
import tempfile
import threading
import uuid


def save_mkstemp(path, state):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(state, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def save_uuid(path, state):
    tmp = f"{path}.{uuid.uuid4().hex}.tmp"
    with open(tmp, "w") as f:
        json.dump(state, f)
    os.replace(tmp, path)


def save_per_process(path, state):
    tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    with open(tmp, "w") as f:
        json.dump(state, f)
    os.replace(tmp, path)


def save_per_worker(path, state, worker_id):
    tmp = f"{path}.{worker_id}.tmp"
    with open(tmp, "w") as f:
        json.dump(state, f)
    os.replace(tmp, path)


def rotate_log(path):
    os.replace(path, path + ".1")


def promote_upload(upload_dir, doc_id):
    os.rename(os.path.join(upload_dir, f"{doc_id}.part"), os.path.join(upload_dir, doc_id))
