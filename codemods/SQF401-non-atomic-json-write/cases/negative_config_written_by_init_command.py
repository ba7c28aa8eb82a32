"""A YAML config written once, by the `init` command a person runs to set a
server up; the running server only reads it. A crash tears the file in front
of the person who ran the command, who runs it again: not reported. An export
of the settings that nothing reads back is not reported either."""
import click
import yaml

CONFIG = "server.yaml"


@click.group()
def cli():
    pass


@cli.command()
def init():
    with open(CONFIG, "w") as f:
        yaml.safe_dump({"port": 8080, "workers": 2}, f)


def load():
    with open(CONFIG) as f:
        return yaml.safe_load(f)


def export_settings(settings):
    with open("exported-settings.yaml", "w") as f:
        yaml.safe_dump(settings, f)
