"""A Python 2 tray daemon keeps its settings in an INI file, loads them at
start and saves them whenever the user changes an option, handing the file
that Python 2's `file(path, "w")` builtin opened (and truncated) straight to
`ConfigParser.write`. A kill mid-save leaves a cut INI the next start loads
with options missing."""
import os
import ConfigParser

SETTINGS = os.path.expanduser("~/.trayd/settings.ini")


class Settings(object):
    def __init__(self):
        self.parser = ConfigParser.SafeConfigParser()
        self.parser.read(SETTINGS)

    def set(self, section, key, value):
        if not self.parser.has_section(section):
            self.parser.add_section(section)
        self.parser.set(section, key, value)
        self.parser.write(file(SETTINGS, "w"))


def on_option_changed(settings, section, key, value):
    settings.set(section, key, value)
