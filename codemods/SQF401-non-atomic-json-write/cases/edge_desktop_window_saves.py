"""A desktop text-expansion tool. The phrase editor's dialog writes the
phrase's JSON when the person presses OK (`accept`), and its Save button runs
`save_folder` through a helper only handlers call: the only copy of what they
typed, so both stay reported, but at low confidence with a note: the module
starts no thread or timer, nothing else reads the files during the save, and
the loss needs a crash in that moment (window_saves.rs). `record_use` rewrites
the usage counts every time a phrase is expanded, not on an edit: reported at
full confidence."""
import json
import os

from PyQt5 import QtWidgets

CONFIG_DIR = os.path.expanduser("~/.config/expander")
USAGE = os.path.join(CONFIG_DIR, "usage.json")


def load_json(path):
    with open(path) as f:
        return json.load(f)


def phrase_path(name):
    return os.path.join(CONFIG_DIR, "phrases", name + ".json")


def folder_path(name):
    return os.path.join(CONFIG_DIR, "folders", name + ".json")


class PhraseDialog(QtWidgets.QDialog):
    def __init__(self, name, parent=None):
        super().__init__(parent)
        self.name = name
        self.text = QtWidgets.QPlainTextEdit(self)
        self.text.setPlainText(load_json(phrase_path(name))["text"])

    def accept(self):
        with open(phrase_path(self.name), "w") as f:
            json.dump({"text": self.text.toPlainText()}, f, indent=4)
        super().accept()


class FolderPage(QtWidgets.QWidget):
    def __init__(self, name, parent=None):
        super().__init__(parent)
        self.name = name
        self.title = QtWidgets.QLineEdit(self)
        self.title.setText(load_json(folder_path(name))["title"])
        self.save_button = QtWidgets.QPushButton("Save", self)
        self.save_button.clicked.connect(self.on_save)

    def on_save(self):
        self._write_folder({"title": self.title.text()})

    def _write_folder(self, settings):
        with open(folder_path(self.name), "w") as f:
            json.dump(settings, f, indent=4)


def record_use(name):
    counts = load_json(USAGE)
    counts[name] = counts.get(name, 0) + 1
    with open(USAGE, "w") as f:
        json.dump(counts, f)


def expand(name):
    record_use(name)
    return load_json(phrase_path(name))["text"]


def main():
    app = QtWidgets.QApplication([])
    page = FolderPage("work")
    page.show()
    PhraseDialog("greeting", page).exec_()
    print(expand("greeting"))
    app.exec_()


if __name__ == "__main__":
    main()
