from apps.audit.services import clear_session_actor, set_session_actor

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class AuditActorMiddleware:
    """Record the signed-in user as the actor of every audited change made during the request.

    The setting is session-level because views run in autocommit mode, where a transaction-local
    one would last a single statement (see apps.audit.services). It is cleared once the response
    is built, so a persistent connection never carries one user's id into the next request.
    Anonymous requests leave it unset: their changes are recorded with no actor. So do reads (safe
    methods): they change nothing, and asking who the user is would load the session of every page
    and cost two set_config round trips.

    Place it after AuthenticationMiddleware. Behind a transaction-pooling proxy (PgBouncer in
    transaction mode) session settings do not stick to a client; use acting_as() in services then.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        set_session_actor(user)
        try:
            return self.get_response(request)
        finally:
            clear_session_actor()
