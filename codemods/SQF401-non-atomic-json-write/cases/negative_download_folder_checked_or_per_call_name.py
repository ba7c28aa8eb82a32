"""Downloads whose existence checks decide nothing about fetching them again.

- `install_samples` asks whether the samples folder exists (to create it),
  not whether each sample file does: every call downloads every file anew.
- `post_map` saves the image under a name made for this call and asks about
  it only after writing, to delete it: no later run looks for that name.
"""

import os
import shutil
import uuid

import requests

SAMPLES_DIR = os.path.expanduser("~/.tool/samples")
SAMPLES = {"a.mkv": "https://example.org/a.mkv", "b.mp3": "https://example.org/b.mp3"}


def install_samples():
    if not os.path.exists(SAMPLES_DIR):
        os.makedirs(SAMPLES_DIR)
    for name, url in SAMPLES.items():
        target = os.path.join(SAMPLES_DIR, name)
        with requests.get(url, stream=True, timeout=60) as response:
            with open(target, "wb") as out:
                for chunk in response.iter_content(chunk_size=None):
                    out.write(chunk)


def post_map(send):
    response = requests.get("https://example.org/map.png", stream=True, timeout=30)
    name = str(uuid.uuid4()) + ".png"
    with open(name, "wb") as out:
        shutil.copyfileobj(response.raw, out)
    send(name)
    if os.path.exists(name):
        os.remove(name)
