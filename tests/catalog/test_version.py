"""The catalog version is read once per request: one Redis round trip, one consistent catalog."""

from django.core.cache import cache
from django.core.signals import request_finished, request_started

from apps.catalog.version import VERSION_KEY, _bump, catalog_version


def test_a_request_keeps_the_version_it_read_first_and_the_next_request_reads_the_new_one():
    request_started.send(sender=None)
    first = catalog_version()
    cache.incr(VERSION_KEY)  # another process's change commits meanwhile
    assert catalog_version() == first
    request_finished.send(sender=None)

    request_started.send(sender=None)
    assert catalog_version() == first + 1
    request_finished.send(sender=None)


def test_a_request_that_changes_the_catalog_reads_the_new_version():
    request_started.send(sender=None)
    first = catalog_version()
    _bump()  # what its own change's on-commit callback runs
    assert catalog_version() == first + 1
    request_finished.send(sender=None)


def test_outside_a_request_every_call_reads_redis():
    first = catalog_version()
    cache.incr(VERSION_KEY)
    assert catalog_version() == first + 1
