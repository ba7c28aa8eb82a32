"""Builds the translation files from the translators' tables, one JSON file per
language, in a loop. Nothing in this script reads those files back: a crash
tears one of them, and the next run rebuilds them all from the tables. Not
reported."""
import csv
import json

LANGUAGES = ["en", "de", "fr"]


def build(lang):
    with open(f"translations/{lang}.csv", newline="") as fh:
        rows = {row["key"]: row["text"] for row in csv.DictReader(fh)}
    with open(f"app/locales/{lang}.json", "w", encoding="utf-8") as out:
        json.dump(rows, out, ensure_ascii=False, indent=2)


for lang in LANGUAGES:
    build(lang)
