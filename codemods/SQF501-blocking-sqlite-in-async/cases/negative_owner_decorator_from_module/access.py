"""The bot's access check, in a module that names no database."""
import os
from functools import wraps

KEEPER = int(os.environ["KEEPER"])


def keeper_only(handler):
    @wraps(handler)
    async def guarded(update, context):
        if update.effective_user.id != KEEPER:
            await update.message.reply_text("Not yours.")
            return
        return await handler(update, context)

    return guarded
