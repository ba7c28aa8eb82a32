"""Labelled from jupyter-server-fileid 0.9 and datasette 0.65 (deliberate):
one-shot click commands.

Judged: no finding. The process exits after the command (its connection closes,
a crash is on the user's terminal), and the service that shares the database
configures it; WAL persists in the file.
"""
import json
import sqlite3

import click

DEFAULT_DB = "file_id_manager.db"


@click.group()
def main():
    pass


@main.command("drop")
def drop():
    con = sqlite3.connect(DEFAULT_DB)
    con.execute("DROP TABLE Files")
    con.commit()
    con.close()


@main.command()
@click.option("--inspect-file", default="-")
def inspect(inspect_file):
    data = {"tables": 3}
    with open(inspect_file, "w") as fp:
        fp.write(json.dumps(data, indent=2))
