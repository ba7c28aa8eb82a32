"""A servicer registered by hand (no generated base class) holds a store whose
connection lets any thread in; the gRPC executor runs RPCs ten at a time, so
their writes and commits interleave on the one connection."""
import sqlite3
from concurrent import futures

import grpc


class Store:
    def __init__(self, path):
        self.db = sqlite3.connect(path, check_same_thread=False)

    def save(self, key, blob):
        self.db.execute("INSERT OR REPLACE INTO blobs VALUES (?, ?)", (key, blob))
        self.db.commit()


class BlobServicer:
    def __init__(self, store):
        self.store = store

    def Put(self, request, context):
        self.store.save(request.key, request.blob)
        return request.key


def add_BlobServicer_to_server(servicer, server):
    server.add_generic_rpc_handlers(())


def serve():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
    add_BlobServicer_to_server(BlobServicer(Store("blobs.db")), server)
    server.start()
    server.wait_for_termination()
