"""Two config writes nothing resumes from. The top-level code asks the person
running it for a token and writes the bot's INI file once: an interactive
setup, run again if it is interrupted. The start-up check derives
`settings.generated.yml` from the user's file and the defaults on every start:
a torn copy is rebuilt by the next start. Neither is reported."""
import configparser

import yaml

token = input("Bot token: ")
parser = configparser.ConfigParser()
parser["server"] = {"token": token}
with open("config/bot.ini", "w") as f:
    parser.write(f)


def build_generated_settings():
    with open("settings.yml") as f:
        user = yaml.safe_load(f) or {}
    merged = {"prefix": "!", **user}
    with open("config/settings.generated.yml", "w") as f:
        yaml.safe_dump(merged, f)


def load_generated():
    with open("config/settings.generated.yml") as f:
        return yaml.safe_load(f)


def load_bot_config():
    bot = configparser.ConfigParser()
    bot.read("config/bot.ini")
    return bot
