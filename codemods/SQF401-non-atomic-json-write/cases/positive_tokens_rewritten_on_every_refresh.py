"""A cloud client's login tokens, kept in one JSON file whose path is a
property of the auth object, rewritten after every refresh of the access
token for as long as the client runs (the folder made when missing, the file
made private after). The loader parses the file with no guard, so a write cut
short by a kill stops every later start until someone deletes the file. A
credentials file written once per login is no checkpoint; one rewritten on
every refresh is."""
import asyncio
import json
import pickle
from pathlib import Path

from google.auth.transport.requests import Request


class CloudAuth:
    def __init__(self, config_dir: str):
        self._config_dir = Path(config_dir)
        self.id_token = None
        self.access_token = None
        self.refresh_token = None

    @property
    def user_info_path(self) -> Path:
        return self._config_dir / ".cloud" / "user_info.json"

    def load_user_info(self):
        if not self.user_info_path.exists():
            return
        info = json.loads(self.user_info_path.read_text())
        self.id_token = info["id_token"]
        self.access_token = info["access_token"]
        self.refresh_token = info["refresh_token"]

    def _write_user_info(self):
        base_path = self.user_info_path.parent
        if not base_path.exists():
            base_path.mkdir()
        self.user_info_path.write_text(
            json.dumps(
                {
                    "id_token": self.id_token,
                    "access_token": self.access_token,
                    "refresh_token": self.refresh_token,
                },
                indent=4,
            )
        )
        self.user_info_path.chmod(0o600)

    async def async_renew_access_token(self, client):
        self.access_token = await client.renew(self.refresh_token)
        await asyncio.get_running_loop().run_in_executor(None, self._write_user_info)


class MailCredentials:
    """Pickled OAuth credentials, refreshed (an hour's validity) and saved on
    every scheduled pull."""

    def __init__(self, path: Path):
        self.credentials_path = path

    def load(self):
        return pickle.loads(self.credentials_path.read_bytes())

    def get(self):
        creds = self.load()
        if creds.expired and creds.refresh_token:
            creds.refresh(Request())
            self.credentials_path.write_bytes(pickle.dumps(creds))
        return creds
