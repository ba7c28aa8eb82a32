# The command group: each command runs in a process of its own and exits.
import typer

app = typer.Typer()


def _register():
    from tool.cli.counts import counts
    from tool.cli.purge import purge

    app.command(name="counts")(counts)
    app.command(name="purge")(purge)


_register()


@app.command()
def export(out: str):
    import sqlite3

    from tool.config import DB_PATH

    conn = sqlite3.connect(DB_PATH)
    try:
        rows = conn.execute("SELECT text FROM notes").fetchall()
    finally:
        conn.close()
    with open(out, "w") as f:
        f.writelines(r[0] + "\n" for r in rows)
