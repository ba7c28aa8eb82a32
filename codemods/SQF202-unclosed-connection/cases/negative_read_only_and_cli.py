"""A read-only import and a one-shot CLI command: neither holds a lock anyone
waits for, and the process exit closes the command's connection."""

import sqlite3

import click


def import_bookmarks(path):
    conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    rows = conn.execute("SELECT url FROM moz_places").fetchall()
    return rows


@click.group()
def cli():
    pass


@cli.command("drop")
def drop():
    con = sqlite3.connect("ids.db")
    con.execute("DROP TABLE files")
    con.commit()
