"""A click command that writes its JSON output once: a crash fails the command
in front of its user, and nothing reads the half-written file back."""

import json

import click


@click.command()
@click.option("--out", default="inspect.json")
def inspect(out):
    data = {"tables": {"documents": 12}}
    with open(out, "w") as fp:
        fp.write(json.dumps(data, indent=2))
