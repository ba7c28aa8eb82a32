"""Side files that are state: a download's `.progress.json` read and rewritten
at every chunk (reported), a book's `.notes.json` read, edited and saved in
place (reported), and a photo's `.exif.json` written once (not reported)."""
import json
from pathlib import Path


def download(url, target, fetch_chunk):
    progress = target + ".progress.json"
    done = 0
    while True:
        chunk = fetch_chunk(url, done)
        if not chunk:
            break
        done += len(chunk)
        with open(progress, "w") as f:
            json.dump({"done": done}, f)


def resume_from(target):
    with open(target + ".progress.json") as f:
        return json.load(f)["done"]


def add_note(book, note):
    notes_path = book.path + ".notes.json"
    with open(notes_path) as f:
        notes = json.load(f)
    notes.append(note)
    with open(notes_path, "w") as f:
        json.dump(notes, f)


def describe(photo: Path, exif):
    photo.with_suffix(".exif.json").write_text(json.dumps(exif))


def exif_of(photo: Path):
    return json.loads(photo.with_suffix(".exif.json").read_text())
