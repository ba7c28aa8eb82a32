"""A small editor keeps the person's document only in the file they pick: it
saves through a save dialog and reopens through an open dialog. The file is the
document itself, not a copy of something kept elsewhere, so a torn save loses
the person's work: reported, like any state file written in place. (The same
save with no open dialog that loads, an export, is left alone.)"""
import json

from PyQt5.QtWidgets import QFileDialog


class Editor:
    def __init__(self):
        self.document = {"title": "", "blocks": []}

    def open_document(self):
        path, _ = QFileDialog.getOpenFileName(None, "Open", "", "Notes (*.json)")
        if path:
            with open(path) as f:
                self.document = json.load(f)

    def save_document_as(self):
        path, _ = QFileDialog.getSaveFileName(None, "Save as", "notes.json")
        if path:
            with open(path, "w") as f:
                json.dump(self.document, f)
