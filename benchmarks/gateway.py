"""A payment gateway as slow as a real one: the test gateway after 300 ms of network and bank."""

import time

from apps.payments.gateways import TestGateway

LATENCY = 0.3


class SlowGateway(TestGateway):
    def authorize(self, amount, currency, card, idempotency_key=None):
        time.sleep(LATENCY)
        return super().authorize(amount, currency, card, idempotency_key=idempotency_key)
