"""The launcher: a plain script with no `__main__` guard that loads the jobs and
runs the bot, the only program that opens club.db."""
import os

import club.jobs  # noqa: F401
from club.shared import bot

bot.run(os.environ["CLUB_TOKEN"])
