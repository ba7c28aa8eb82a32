"""The RPC service answers on a pool of threads; each call is handed the
services object, whose repository keeps the one Session."""
from concurrent.futures import ThreadPoolExecutor

from xmlrpc.server import SimpleXMLRPCServer

from tracker.repository import TicketRepository


class Services:
    def __init__(self):
        self.tickets = TicketRepository()


class PooledServer(SimpleXMLRPCServer):
    def __init__(self, address):
        super().__init__(address, allow_none=True)
        self.pool = ThreadPoolExecutor(max_workers=16)

    def process_request(self, request, client_address):
        job = self.pool.submit(self.process_request_thread, request, client_address)
        # Surface a handler's exception in the server log.
        job.add_done_callback(lambda done: done.result())

    def process_request_thread(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


def serve(services):
    server = PooledServer(("0.0.0.0", 8000))
    server.register_function(lambda title: services.tickets.open_ticket(title), "open")
    server.register_function(lambda ticket_id: services.tickets.resolve(ticket_id), "resolve")
    server.serve_forever()


if __name__ == "__main__":
    serve(Services())
