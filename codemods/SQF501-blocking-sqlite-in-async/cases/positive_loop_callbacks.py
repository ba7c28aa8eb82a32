"""A relay whose message index is a plain class with sync methods: every
message arrives through an asyncio protocol's `data_received` or
`datagram_received` (no `async def` on the path), and a timer registered with
`loop.call_later` and a task's done callback prune and record too. All of them
run on the loop's thread, so the DELETEs and INSERTs on the index's cursor
block every peer. Callbacks that touch no database are not reported."""

import asyncio
import sqlite3
import time


class MessageIndex:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.cur = self.conn.cursor()

    def add(self, sender, body):
        now = time.time()
        self.cur.execute("DELETE FROM messages WHERE ts < ?", (now - 3600,))
        self.cur.execute("DELETE FROM messages WHERE sender = ? AND body = ?", (sender, body))
        self.cur.execute(
            "INSERT INTO messages (sender, body, ts) VALUES (?, ?, ?)", (sender, body, now)
        )
        self.conn.commit()

    def prune(self):
        self.cur.execute("DELETE FROM messages WHERE ts < ?", (time.time() - 3600,))
        self.conn.commit()


index = MessageIndex("relay.db")


class RelayProtocol(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        sender, _, body = data.decode().partition(":")
        index.add(sender, body)
        self.transport.write(b"ok\n")


class BeaconProtocol(asyncio.DatagramProtocol):
    def datagram_received(self, data, addr):
        index.add(addr[0], data.decode())


class EchoProtocol(asyncio.Protocol):
    def data_received(self, data):
        print(data)


def prune_tick(loop):
    index.prune()
    loop.call_later(60, prune_tick, loop)


def log_tick():
    print("tick")


def record_done(task):
    index.add("system", f"finished {task.get_name()}")


async def warmup():
    await asyncio.sleep(1)


async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(RelayProtocol, "0.0.0.0", 9000)
    await loop.create_datagram_endpoint(BeaconProtocol, local_addr=("0.0.0.0", 9001))
    loop.call_later(60, prune_tick, loop)
    loop.call_soon(log_tick)
    task = asyncio.create_task(warmup())
    task.add_done_callback(record_done)
    async with server:
        await server.serve_forever()


asyncio.run(main())


class _FramedProtocol(asyncio.Protocol):
    def frame(self, data):
        return data.split(b"\n")


class GatewayProtocol(_FramedProtocol):
    def data_received(self, data):
        for line in self.frame(data):
            index.add("gateway", line.decode())
