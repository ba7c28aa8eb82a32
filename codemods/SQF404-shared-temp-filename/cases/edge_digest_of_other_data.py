"""Names built from a digest that is not the digest of what is written: the
key hashes the document's id, and each save writes a different state under
it, so two writers of one temporary name still mix their bytes: reported."""
import hashlib
import os
import threading
from pathlib import Path

ROOT = Path("states")


def save(doc_id: str, state: bytes):
    key = hashlib.sha256(doc_id.encode()).hexdigest()
    path = ROOT / key
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(state)
    os.replace(tmp, path)


threading.Thread(target=save, args=("a", b"x")).start()
