"""A test gateway that counts what checkout asks of it."""

from collections import Counter

from apps.payments.gateways import TestGateway


class CountingGateway(TestGateway):
    """TestGateway that counts authorisations, voids and refunds, and keeps the references of the
    charges it granted and voided (shared by every instance and thread)."""

    calls = Counter()
    granted = set()
    voided = set()

    @classmethod
    def reset(cls):
        cls.calls.clear()
        cls.granted.clear()
        cls.voided.clear()

    def authorize(self, amount, currency, card, idempotency_key=None):
        self.calls["authorize"] += 1
        return self._granting(super().authorize(amount, currency, card, idempotency_key=idempotency_key))

    def authorize_token(self, amount, currency, token, idempotency_key=None):
        self.calls["authorize"] += 1
        return self._granting(super().authorize_token(amount, currency, token, idempotency_key=idempotency_key))

    def void(self, reference):
        self.calls["void"] += 1
        self.voided.add(reference)
        return super().void(reference)

    def refund(self, reference, amount):
        self.calls["refund"] += 1
        return super().refund(reference, amount)

    def _granting(self, result):
        if result.succeeded:
            self.granted.add(result.reference)
        return result
