"""A command-line tool keeps one cursor at import and runs every lookup through
it, one after another on the main thread: nothing else ever uses the cursor."""
import sqlite3
import sys

conn = sqlite3.connect("words.db", check_same_thread=False)
cur = conn.cursor()


def meaning(word):
    cur.execute("SELECT meaning FROM words WHERE word = ?", (word,))
    row = cur.fetchone()
    return row[0] if row else "?"


def synonyms(word):
    cur.execute("SELECT other FROM synonyms WHERE word = ?", (word,))
    return [r[0] for r in cur.fetchall()]


def main(argv):
    for word in argv:
        print(word, meaning(word), ", ".join(synonyms(word)))


if __name__ == "__main__":
    main(sys.argv[1:])
