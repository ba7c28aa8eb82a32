"""One repository for the whole service, holding one Session for its life."""
from sqlalchemy.exc import SQLAlchemyError

from tracker.models import Factory, Ticket


class TicketRepository:
    def __init__(self):
        self.db = Factory()

    def open_ticket(self, title):
        ticket = Ticket(title=title)
        self.db.add(ticket)
        self.db.commit()
        return ticket.id

    def resolve(self, ticket_id):
        try:
            ticket = self.db.get(Ticket, ticket_id)
            ticket.state = "done"
            self.db.commit()
        except SQLAlchemyError:
            self.db.rollback()
            raise

    def close(self):
        self.db.close()
