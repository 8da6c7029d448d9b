"""Writes of the operations app, one module per concern: roles, backups, drills, maintenance."""

from .roles import GROUP_ROLES, apply_db_roles

__all__ = ["GROUP_ROLES", "apply_db_roles"]
