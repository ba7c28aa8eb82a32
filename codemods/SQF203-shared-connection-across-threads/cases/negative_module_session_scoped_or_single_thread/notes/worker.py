import threading
from concurrent.futures import ThreadPoolExecutor

from notes import db


def main(notes):
    with ThreadPoolExecutor(4) as pool:
        pool.map(db.save_note, notes)
    print(db.export_notes())
