from apps.core.exceptions import DomainError


class DemoDataExists(DomainError):
    code = "demo_data_exists"
