import typer

from store import mark_seen

app = typer.Typer()


def seen(item_id: int):
    mark_seen(item_id)


app.command()(seen)
