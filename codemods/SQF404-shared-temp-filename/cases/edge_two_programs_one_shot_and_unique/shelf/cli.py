"""The command line. `init` writes through a fixed temporary name, but it is a
command a person runs once and no other program loads this module: no second
writer shares its name, not reported."""
import json
import os

import click

from shelf.files import save_index, save_queue


@click.group()
def cli():
    pass


@cli.command()
def init():
    tmp = "shelf.json.tmp"
    with open(tmp, "w") as fh:
        json.dump({"version": 1}, fh)
    os.replace(tmp, "shelf.json")


@cli.command()
@click.argument("job")
def enqueue(job):
    save_queue("queue.json", [job])
    save_index("index.json", [job])


if __name__ == "__main__":
    cli()
