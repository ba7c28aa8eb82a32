from telegram.ext import filters

PRIVATE_CHATS = filters.ChatType.PRIVATE
