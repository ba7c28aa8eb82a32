"""Talks to the public listings service."""
import requests

LISTINGS = "https://listings.example.org/api"


def upcoming(remote_id):
    reply = requests.get(f"{LISTINGS}/shows/{remote_id}/upcoming", timeout=20)
    reply.raise_for_status()
    return reply.json()["airings"]
