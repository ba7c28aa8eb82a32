"""A config store written through aiofiles and read back at start: a crash (or a
cancelled task) between the truncation and the end of the write leaves a torn
file, and the next start fails to parse it. The fix keeps the write async: the
data goes to a temporary file that is renamed over the target."""
import json

import aiofiles


class ConfigStore:
    def __init__(self, path):
        self.path = path
        self.data = {}

    async def load_json_data(self):
        async with aiofiles.open(self.path, "r") as f:
            self.data = json.loads(await f.read())

    async def save_json_data(self):
        async with aiofiles.open(self.path, "w") as f:
            await f.write(json.dumps(self.data, indent=2))


STORE = ConfigStore("config/bot.json")
