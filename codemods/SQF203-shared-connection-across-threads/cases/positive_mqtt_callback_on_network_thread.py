"""A module-level connection (default check_same_thread) is written by an
MQTT client's `on_message` callback; `loop_start()` runs the client's network
loop, and so the callback, on a thread of its own."""
import sqlite3

import paho.mqtt.client as mqtt

READINGS = sqlite3.connect("telemetry.db")


def store_reading(topic, value):
    READINGS.execute("INSERT INTO readings (topic, value) VALUES (?, ?)", (topic, value))
    READINGS.commit()


def handle_message(client, userdata, message):
    store_reading(message.topic, message.payload.decode())


def listen(host):
    client = mqtt.Client()
    client.on_message = handle_message
    client.connect(host)
    client.subscribe("plant/#")
    client.loop_start()
    return client
