"""The API's JSON parser: DRF's, refusing what PostgreSQL or Python cannot take (apps.core.input)."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from apps.core.input import json_problem


class StrictJSONParser(JSONParser):
    """400 for JSON nested too deep (Python's parser would overflow its stack: a 500) or text with
    NUL bytes or lone surrogates (a 500 from the database or the encoder)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - nested too deeply.") from error
        problem = json_problem(data)
        if problem:
            raise ParseError(problem)
        return data
