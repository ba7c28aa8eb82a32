"""An async integration keeps its state in a JSON file it loads on start, and
saves it by handing `Path.write_text` to a worker thread."""
import asyncio
import json
from pathlib import Path

STATE = Path("/var/lib/sensor-bridge") / "state.json"


class Bridge:
    def __init__(self, hass):
        self.hass = hass
        self.state = {}

    def load(self):
        if STATE.exists():
            self.state = json.loads(STATE.read_text())

    async def save(self):
        data = json.dumps(self.state, indent=2)
        await asyncio.get_running_loop().run_in_executor(None, STATE.write_text, data)

    async def save_threaded(self):
        await asyncio.to_thread(STATE.write_text, json.dumps(self.state))

    async def save_job(self):
        payload = json.dumps(self.state).encode()
        await self.hass.async_add_executor_job(STATE.write_bytes, payload)
