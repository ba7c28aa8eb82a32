import click

from worker import serve, sync


@click.group()
def cli():
    pass


cli.command()(sync)
cli.command(name="serve")(serve)

if __name__ == "__main__":
    cli()
