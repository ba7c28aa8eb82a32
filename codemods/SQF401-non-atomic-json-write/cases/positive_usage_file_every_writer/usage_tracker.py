"""A chat bot's per-user usage file: five methods each add one kind of usage
(chat tokens, vision tokens, images, speech, transcription), load-edit-dump
the same file in place. Every one is a writer of the state; "tokens" here are
counted usage, not a credential."""
import json
import os
from datetime import date


class UsageTracker:
    """Per-user usage accounting, one JSON file per user."""

    def __init__(self, user_id, user_name, logs_dir="usage_logs"):
        self.user_id = user_id
        self.logs_dir = logs_dir
        self.user_file = f"{logs_dir}/{user_id}.json"
        if os.path.isfile(self.user_file):
            with open(self.user_file, "r") as file:
                self.usage = json.load(file)
        else:
            os.makedirs(logs_dir, exist_ok=True)
            self.usage = {"user_name": user_name, "current_cost": {}, "usage_history": {}}

    def add_chat_tokens(self, tokens, price=0.002):
        today = date.today()
        token_cost = round(tokens * price / 1000, 6)
        self.add_current_costs(token_cost)
        history = self.usage["usage_history"].setdefault("chat_tokens", {})
        history[str(today)] = history.get(str(today), 0) + tokens
        with open(self.user_file, "w") as outfile:
            json.dump(self.usage, outfile)

    def add_vision_tokens(self, tokens, price=0.01):
        today = date.today()
        self.add_current_costs(round(tokens * price / 1000, 6))
        history = self.usage["usage_history"].setdefault("vision_tokens", {})
        history[str(today)] = history.get(str(today), 0) + tokens
        with open(self.user_file, "w") as outfile:
            json.dump(self.usage, outfile)

    def add_image_request(self, image_size, prices):
        today = date.today()
        self.add_current_costs(prices[image_size])
        history = self.usage["usage_history"].setdefault("number_images", {})
        history[str(today)] = history.get(str(today), 0) + 1
        with open(self.user_file, "w") as outfile:
            json.dump(self.usage, outfile)

    def add_tts_request(self, text_length, price):
        today = date.today()
        self.add_current_costs(text_length * price / 1000)
        history = self.usage["usage_history"].setdefault("tts_characters", {})
        history[str(today)] = history.get(str(today), 0) + text_length
        with open(self.user_file, "w") as outfile:
            json.dump(self.usage, outfile)

    def add_transcription_seconds(self, seconds, minute_price=0.006):
        today = date.today()
        self.add_current_costs(seconds * minute_price / 60)
        history = self.usage["usage_history"].setdefault("transcription_seconds", {})
        history[str(today)] = history.get(str(today), 0) + seconds
        with open(self.user_file, "w") as outfile:
            json.dump(self.usage, outfile)

    def add_current_costs(self, cost):
        self.usage["current_cost"]["all_time"] = self.usage["current_cost"].get("all_time", 0) + cost
