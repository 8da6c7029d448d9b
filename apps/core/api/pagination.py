from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=N``; clients may ask for ``?page_size=`` up to 100 (REST_FRAMEWORK["PAGE_SIZE"] by default).

    Both must be what the schema says, positive integers: anything else is a 400 naming the parameter,
    where DRF would quietly fall back to its default. A larger page size is capped at 100; a page past
    the last is a 404.
    """

    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        for name in (self.page_query_param, self.page_size_query_param):
            values = request.query_params.getlist(name)
            if values and (len(values) > 1 or not _is_positive_integer(values[0])):
                raise ValidationError({name: ["A positive integer."]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        """The limits enforced above, in the schema."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["allowEmptyValue"] = False  # `?page=` is refused too
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Results per page; more than {self.max_page_size} gives {self.max_page_size}."
                )
        return parameters


def _is_positive_integer(value):
    return value.isascii() and value.isdigit() and int(value) >= 1
