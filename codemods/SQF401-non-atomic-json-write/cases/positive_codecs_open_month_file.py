"""A desktop journal keeps one YAML file per month and rewrites it whenever an
entry is saved. `codecs.open(filename, "wb", encoding="utf-8")` opens the file
with the builtin `open` underneath, so the month is emptied before `yaml.dump`
writes a byte: a crash or a full disk mid-dump loses every entry of that month,
and the journal reads the month back each time it is shown."""
import codecs
import os

import yaml


class Journal:
    def __init__(self, folder):
        self.folder = folder

    def month_file(self, year, month):
        return os.path.join(self.folder, "%04d-%02d.yaml" % (year, month))

    def load_month(self, year, month):
        filename = self.month_file(year, month)
        with codecs.open(filename, "r", encoding="utf-8") as f:
            return yaml.safe_load(f) or {}

    def save_entry(self, year, month, day, text):
        entries = self.load_month(year, month)
        entries[day] = text
        filename = self.month_file(year, month)
        with codecs.open(filename, "wb", encoding="utf-8") as f:
            yaml.dump(entries, f, allow_unicode=True)
