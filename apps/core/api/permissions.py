from rest_framework.permissions import BasePermission

# User.Role values (accounts sits above core, so they are spelled out here).
STAFF_ROLES = {"admin", "merchant"}


class IsStaff(BasePermission):
    """Operations endpoints: people who run the shop (admin flag, or the admin or merchant role).

    An anonymous request still gets 401 (authentication runs first); a shopper gets 403.
    """

    message = "Only shop staff may do this."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_staff or user.role in STAFF_ROLES))
