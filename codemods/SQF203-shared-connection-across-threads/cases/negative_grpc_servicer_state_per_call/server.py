"""Each RPC builds its own state, on the thread that serves it."""
from concurrent import futures

import grpc

from state import SqlState


class StatusServicer:
    def __init__(self, path):
        self.path = path

    def Status(self, request, context):
        state = SqlState(self.path)
        try:
            row = state.get(request.job_id)
        finally:
            state.close()
        return row[0] if row else "unknown"


def add_StatusServicer_to_server(servicer, server):
    server.add_generic_rpc_handlers(())


def serve(path):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    add_StatusServicer_to_server(StatusServicer(path), server)
    server.start()
    server.wait_for_termination()
