"""The state is built once on the main thread; the gRPC server runs every RPC
on a thread of its executor, and each passes that state on."""
from concurrent import futures

import grpc

import handlers
import jobs_pb2_grpc
from state import StateFactory


class JobServicer(jobs_pb2_grpc.JobsServicer):
    def __init__(self, state):
        self.state = state

    def Submit(self, request, context):
        return handlers.submit(self.state, request)

    def Status(self, request, context):
        return handlers.status(self.state, request)


def serve(path):
    state = StateFactory(path).state()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
    jobs_pb2_grpc.add_JobsServicer_to_server(JobServicer(state), server)
    server.add_insecure_port("[::]:50051")
    server.start()
    server.wait_for_termination()
