"""The launcher: a plain script with no `__main__` guard that loads the jobs and
runs the bot, while a nightly export, its own program, opens club.db too."""
import os

import club.jobs  # noqa: F401
from club.shared import bot

bot.run(os.environ["CLUB_TOKEN"])
