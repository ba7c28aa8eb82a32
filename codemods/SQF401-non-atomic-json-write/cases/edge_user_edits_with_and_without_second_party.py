"""User-edited files, both sides of the policy (window_saves.rs).

`TagStore.tag` rewrites a directory's `.tags.json` when the person tags a
file in this terminal file browser; nothing keeps a second instance out, and
every instance loads the same per-directory file when it enters the folder:
the second party is another instance, so the write is reported at full
confidence. `NotesWindow.on_save` writes the notes file from a Tk button in
a module that starts no thread or timer: the only copy of what was typed,
but the loss needs a crash in that moment: reported at low confidence.
"""
import curses
import json
import os
import tkinter as tk

TAGS = ".tags.json"
NOTES = os.path.expanduser("~/.local/share/browser/notes.json")


class TagStore:
    def __init__(self, directory):
        self.path = os.path.join(directory, TAGS)
        self.tags = self.load()

    def load(self):
        try:
            with open(self.path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}

    def tag(self, name, label):
        self.tags.setdefault(name, []).append(label)
        with open(self.path, "w") as f:
            json.dump(self.tags, f)


def browse(screen):
    store = TagStore(os.getcwd())
    while True:
        key = screen.getkey()
        if key == "q":
            break
        if key == "t":
            store.tag(os.listdir(".")[0], "starred")


class NotesWindow(tk.Frame):
    def __init__(self, master):
        super().__init__(master)
        self.text = tk.Text(self)
        tk.Button(self, text="Save", command=self.on_save).pack()
        with open(NOTES) as f:
            self.text.insert("1.0", json.load(f)["body"])

    def on_save(self):
        with open(NOTES, "w") as f:
            json.dump({"body": self.text.get("1.0", "end")}, f)


if __name__ == "__main__":
    curses.wrapper(browse)
    NotesWindow(tk.Tk()).mainloop()
