"""One worker thread per conversation and per export job, each making its own
ORM session in its constructor. `run` does the work and ends without closing
the session, and the worker objects stay in a registry after their threads
end: every finished worker keeps a pooled connection (and whatever its last
statement began) until the cyclic GC. Expected: both workers reported at the
end of `run`, where the close belongs."""
import threading

from sqlalchemy.orm import Session

from db import SessionFactory, engine
from models import Conversation, Export

running = {}


class ConversationWorker(threading.Thread):
    def __init__(self, conversation_id, prompt):
        super().__init__(daemon=True)
        self.conversation_id = conversation_id
        self.prompt = prompt
        self.session = Session(engine)

    def run(self):
        convo = self.session.get(Conversation, self.conversation_id)
        convo.state = "answering"
        self.session.commit()
        convo.answer = answer_for(self.prompt)
        convo.state = "done"
        self.session.commit()


class ExportWorker(threading.Thread):
    def __init__(self, export_id):
        super().__init__()
        self.export_id = export_id
        self.db = SessionFactory()

    def run(self):
        export = self.db.get(Export, self.export_id)
        for row in export.rows:
            row.exported = True
        self.db.commit()
        self.done()

    def done(self):
        running.pop(self.export_id, None)


def answer_for(prompt):
    return prompt.upper()


def start_conversation(conversation_id, prompt):
    worker = ConversationWorker(conversation_id, prompt)
    running[conversation_id] = worker
    worker.start()
