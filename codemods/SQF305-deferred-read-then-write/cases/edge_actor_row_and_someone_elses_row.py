"""Edges of the one-editor rule. A bot command adds to its sender's own
counter (read by `ctx.author.id`, written back): one editor, quiet. The same
command's gift writes a counter of another member, read by the mention's id,
which any member's command changes: several editors, reported."""

import sqlite3
import threading

conn = sqlite3.connect("bot.db", check_same_thread=False)


def on_daily(ctx):
    row = conn.execute("SELECT points FROM members WHERE id = ?", (ctx.author.id,)).fetchone()
    conn.execute("UPDATE members SET points = ? WHERE id = ?", (row[0] + 10, ctx.author.id))
    conn.commit()


def on_gift(ctx, member_id):
    row = conn.execute("SELECT points FROM members WHERE id = ?", (member_id,)).fetchone()
    conn.execute("UPDATE members SET points = ? WHERE id = ?", (row[0] + 1, member_id))
    conn.commit()


def serve(events):
    for kind, ctx, arg in events:
        target = on_daily if kind == "daily" else on_gift
        threading.Thread(target=target, args=(ctx, arg) if arg else (ctx,)).start()
