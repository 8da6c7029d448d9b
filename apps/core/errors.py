"""The body of every API error, ``{"error": {"code", "message", "fields"}}``, free of DRF so that
middleware and handlers outside DRF answer in the same format."""


def error_body(*, code, message, fields=None):
    return {"error": {"code": code, "message": message, "fields": fields or {}}}
