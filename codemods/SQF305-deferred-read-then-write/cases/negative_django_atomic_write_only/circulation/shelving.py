from .models import Loan


def reopen_waitlist(member):
    for loan in Loan.objects.filter(member=member, reminded=True):
        loan.reminded = False
        loan.save()
