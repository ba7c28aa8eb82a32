"""A store that names each blob by the digest of its bytes: two writers of one
temporary name write identical bytes, so whichever rename lands publishes a
complete file."""
import hashlib
import os
import threading
from pathlib import Path

ROOT = Path("blobs")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def keep(data: bytes):
    key = digest(data)
    path = ROOT / key[:2] / key
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return key


def keep_inline(data: bytes):
    path = ROOT / hashlib.sha1(data).hexdigest()
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


threading.Thread(target=keep, args=(b"x",)).start()
