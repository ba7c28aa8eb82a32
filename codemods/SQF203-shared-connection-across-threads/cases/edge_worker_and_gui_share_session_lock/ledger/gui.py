import tkinter as tk

from ledger import sync
from ledger.database import db, db_lock


def on_edit(entry, text):
    with db_lock:
        entry.text = text
        db.commit()


def main(remote):
    root = tk.Tk()
    sync.start(remote)
    root.mainloop()
