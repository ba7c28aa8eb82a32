"""A download written to a temporary name and renamed into place when whole,
and a streamed export that no code checks for before fetching: neither leaves
a partial file that the program takes for a finished download."""

import os

import requests

ARCHIVE = "dataset.tar"


def fetch_renamed(url):
    if os.path.exists(ARCHIVE):
        return ARCHIVE
    partial = ARCHIVE + ".part"
    with requests.get(url, stream=True, timeout=30) as response:
        with open(partial, "wb") as out:
            for chunk in response.iter_content(65536):
                out.write(chunk)
    os.replace(partial, ARCHIVE)
    return ARCHIVE


def save_export(url, destination):
    with requests.get(url, stream=True, timeout=30) as response:
        with open(destination, "wb") as out:
            for chunk in response.iter_content(65536):
                out.write(chunk)
