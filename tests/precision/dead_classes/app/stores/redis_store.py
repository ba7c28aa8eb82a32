class RedisTokenStore:
    def __init__(self):
        self.tokens = {}

    def put(self, user):
        self.tokens[user] = True
