"""A desktop wallet's export actions: the person picks a file in a save dialog
(Qt's `getSaveFileName`, tkinter's `asksaveasfilename`) and the program writes a
copy of what it keeps in its own store (the history, the contacts). Nothing
reopens that file on a later run unless the person picks it again, and a failed
export is made again: no checkpoint, whatever the open mode."""
import json
from tkinter import filedialog

from PyQt5.QtWidgets import QFileDialog


class HistoryWindow:
    def __init__(self, wallet):
        self.wallet = wallet

    def export_history(self):
        filename, _ = QFileDialog.getSaveFileName(None, "Export history", "history.json")
        if not filename:
            return
        with open(filename, "w+") as f:
            json.dump(self.wallet.history(), f, indent=2)

    def export_contacts(self):
        path = filedialog.asksaveasfilename(defaultextension=".json")
        if path:
            with open(path, "w") as f:
                json.dump(self.wallet.contacts(), f)
