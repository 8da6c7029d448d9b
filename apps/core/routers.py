"""The database router: reads to a healthy replica (apps.core.replicas), everything else to the primary."""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from .replicas import note_write, read_alias


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        note_write()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # A replica holds the primary's very rows: objects read from either may be related.
        same_data = {DEFAULT_DB_ALIAS, *settings.DATABASE_REPLICAS}
        return True if {obj1._state.db, obj2._state.db} <= same_data else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A standby is read-only and receives the schema by replication.
        return False if db in settings.DATABASE_REPLICAS else None
