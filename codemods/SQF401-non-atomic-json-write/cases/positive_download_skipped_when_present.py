"""Model weights fetched once and written straight to their final name.

The file is opened with "wb" (truncated) and filled chunk by chunk for as long
as the download takes. A kill or a dropped connection in that window leaves a
short file at MODEL_PATH, and since `ensure_model` only asks whether the file
exists, the short file is never fetched again: every later start fails to load.
"""

import os
import shutil
import urllib.request
from pathlib import Path

import requests

MODEL_URL = "https://example.org/weights/detector-v3.bin"
MODEL_PATH = os.path.join(os.path.dirname(__file__), "detector-v3.bin")
VOCAB_PATH = Path(__file__).with_name("vocab.bin")


def ensure_model():
    if os.path.exists(MODEL_PATH):
        return MODEL_PATH
    response = requests.get(MODEL_URL, stream=True, timeout=60)
    response.raise_for_status()
    with open(MODEL_PATH, "wb") as out:
        for chunk in response.iter_content(chunk_size=1 << 20):
            out.write(chunk)
    return MODEL_PATH


def ensure_vocab():
    if VOCAB_PATH.exists():
        return VOCAB_PATH
    with urllib.request.urlopen("https://example.org/vocab.bin") as src:
        with VOCAB_PATH.open("wb") as dst:
            shutil.copyfileobj(src, dst)
    return VOCAB_PATH


def load_model():
    with open(ensure_model(), "rb") as f:
        return f.read()
