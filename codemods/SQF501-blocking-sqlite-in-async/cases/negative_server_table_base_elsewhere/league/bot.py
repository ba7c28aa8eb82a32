from league.standings import standings


async def on_table(message):
    rows = standings.leaders()
    await message.reply(str(rows))


async def on_win(message):
    standings.award(message.team)
