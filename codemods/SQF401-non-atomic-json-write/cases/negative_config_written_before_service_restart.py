"""A command-line command that saves a settings file once and restarts a
service, not the machine: a one-shot command's write (its crash fails the
command in front of its user), so not reported. `systemctl restart` and an
`echo` that mentions rebooting are not restarts of the machine."""
import json
import subprocess

import click

SETTINGS = "/etc/gateway/settings.json"


@click.command()
@click.option("--channel")
def switch_channel(channel):
    with open(SETTINGS, "w") as f:
        json.dump({"channel": channel}, f)
    subprocess.run(["systemctl", "restart", "gateway"], check=False)
    subprocess.run("echo 'reboot to apply'", shell=True, check=False)


def load():
    with open(SETTINGS) as f:
        return json.load(f)


if __name__ == "__main__":
    switch_channel()
