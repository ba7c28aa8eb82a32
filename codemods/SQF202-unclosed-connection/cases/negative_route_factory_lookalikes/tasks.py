class Queue:
    def route(self, name):
        def register(func):
            return func

        return register


queue = Queue()
