class PollCommands:
    def __init__(self, bot, db):
        self.bot = bot
        self.db = db

    async def results(self, ctx, poll_id):
        cur = self.db.cursor()
        rows = cur.execute("SELECT user FROM votes WHERE poll = ?", (poll_id,)).fetchall()
        await ctx.send(f"{len(rows)} votes")
