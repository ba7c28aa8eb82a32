import os

from telegram.ext import filters

OPERATOR = int(os.environ["OPERATOR"])
OPERATOR_ONLY = filters.User(user_id=OPERATOR)
