"""A command-line lookup with the cache on an application object: one process
asks, misses and stores with a plain INSERT. Nothing else runs the lookup, so
no second insert of the same key can come between; nothing to report."""
import sqlite3
import sys

import requests


class Tool:
    def __init__(self):
        self.db = sqlite3.connect("words.db")


def cached_word(tool, word):
    for row in tool.db.execute("SELECT meaning FROM words WHERE word = ?", (word,)):
        return row[0]
    return None


def save_word(tool, word, meaning):
    with tool.db:
        tool.db.execute("INSERT INTO words (word, meaning) VALUES (?, ?)", (word, meaning))


def define(tool, word):
    meaning = cached_word(tool, word)
    if meaning is not None:
        return meaning
    meaning = requests.get("https://dict.example.com/" + word).text
    save_word(tool, word, meaning)
    return meaning


if __name__ == "__main__":
    print(define(Tool(), sys.argv[1]))
