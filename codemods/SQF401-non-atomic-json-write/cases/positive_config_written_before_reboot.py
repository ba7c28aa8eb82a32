"""An updater that stamps the new version into the device's only
configuration and then schedules a reboot. Run once per update, but the
interruption is not a rare crash: it is the next step, and the file is what
the device reads when it comes back. Both writes are reported whatever else
says they run once (restart_after): the Python 2 INI write before `sleep 300
&& reboot`, and a JSON settings file saved by a command-line command that
asks systemd to reboot."""
import ConfigParser
import json
import subprocess

import click

CONFIG_FILE = "/opt/gateway/etc/gateway.conf"
SETTINGS = "/etc/gateway/settings.json"


def finish_update(version):
    config = ConfigParser.ConfigParser()
    config.read(CONFIG_FILE)
    config.set("main", "version", version)
    with open(CONFIG_FILE, "wb") as f:
        config.write(f)
    subprocess.Popen("sleep 300 && reboot", shell=True)


@click.command()
@click.option("--channel")
def switch_channel(channel):
    settings = {"channel": channel, "auto_update": True}
    with open(SETTINGS, "w") as f:
        json.dump(settings, f)
    subprocess.run(["systemctl", "reboot"], check=False)


if __name__ == "__main__":
    finish_update("2.1.0")
    switch_channel()
