"""A music daemon's playback state (queue position, volume) is written once,
when the daemon shuts down, and read back at start with JSON errors ignored:
a torn file costs the restored position, and nothing rewrites it while the
daemon runs. Not a routine checkpoint write."""
import asyncio
import json
import logging
import os

logger = logging.getLogger(__name__)


class PlayerDaemon:
    def __init__(self, state_dir):
        self.state_path = os.path.join(state_dir, "state.json")
        self.position = 0
        self.volume = 50

    def load_state(self):
        try:
            with open(self.state_path) as f:
                state = json.load(f)
        except (OSError, json.JSONDecodeError):
            logger.warning("could not restore the player state; starting fresh")
            return
        self.position = state.get("position", 0)
        self.volume = state.get("volume", 50)

    def dump_state(self):
        with open(self.state_path, "w") as f:
            json.dump({"position": self.position, "volume": self.volume}, f)

    async def run(self):
        self.load_state()
        while True:
            self.position += 1
            await asyncio.sleep(1)

    async def shutdown(self):
        self.dump_state()


async def main():
    daemon = PlayerDaemon(os.path.expanduser("~/.local/share/player"))
    try:
        await daemon.run()
    finally:
        await daemon.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
