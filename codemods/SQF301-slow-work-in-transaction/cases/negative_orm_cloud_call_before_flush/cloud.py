"""The cloud provider's SDK calls: each one a round trip of seconds."""
import requests


def create_instance(offer):
    response = requests.post("https://cloud.example/instances", json={"offer": offer}, timeout=60)
    response.raise_for_status()
    return response.json()["id"]
