"""Connections that share nothing: a read-only URI tried with several options,
a private tempfile copy, a backup destination, and a one-shot click command."""

import shutil
import sqlite3
import tempfile

import click


def open_readonly(uri):
    for options in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            return sqlite3.connect(uri + options, uri=True)
        except sqlite3.OperationalError:
            continue


def open_copy(path):
    tmp = tempfile.mktemp(suffix=".db")
    shutil.copyfile(path, tmp)
    con = sqlite3.connect(tmp)
    return con


def backup_to(source, dest):
    target = sqlite3.connect(dest)
    source.backup(target)
    target.close()


@click.command()
def reset():
    con = sqlite3.connect("app.db")
    con.execute("DELETE FROM jobs")
    con.commit()
    con.close()
