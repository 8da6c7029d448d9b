"""A test gateway that counts what checkout asks of it."""

from collections import Counter

from apps.payments.gateways import TestGateway


class CountingGateway(TestGateway):
    """TestGateway that counts authorisations, voids and refunds (shared by every instance)."""

    calls = Counter()

    def authorize(self, amount, currency, card, idempotency_key=None):
        self.calls["authorize"] += 1
        return super().authorize(amount, currency, card, idempotency_key=idempotency_key)

    def void(self, reference):
        self.calls["void"] += 1
        return super().void(reference)

    def refund(self, reference, amount):
        self.calls["refund"] += 1
        return super().refund(reference, amount)
