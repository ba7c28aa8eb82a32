"""The application's settings, loaded at start and saved on a new thread per
change, so the interface never waits for the disk. A crash or a kill while a
save is running leaves the settings file truncated, and the next start loads
nothing back."""
import _thread
import os

from notes.filemanager import FileManager
from notes.interfaces import YamlInterface

SETTINGS = os.path.expanduser("~/.notes/settings.yaml")


class Settings:
    def __init__(self):
        self.manager = FileManager(YamlInterface())
        self.filename = SETTINGS
        self.data = self.manager.load(self.filename) or {}

    def set(self, key, value):
        self.data[key] = value
        _thread.start_new_thread(self._writing_thread, (dict(self.data),))

    def _writing_thread(self, data):
        self.manager.save(self.filename, data)
