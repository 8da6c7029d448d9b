"""JSON types as the schema states them: a text or uuid field takes a JSON string, a boolean field a
JSON boolean.

DRF turns the number 0 into "0" for a CharField, `false` into UUID(int=0) for a UUIDField and 0 or
"yes" into False or True for a BooleanField, so a number as a last name or `false` as an id was
accepted although the schema says `type: string`. Installed once for every serializer
(CoreConfig.ready), as DRF has no setting for it. Query strings and forms are text: a boolean read
from them may still be spelt "true" or "false".
"""

import uuid

from rest_framework import serializers
from rest_framework.utils.html import is_html_input


def _accept_only(field_class, types, *, from_text=()):
    convert = field_class.to_internal_value

    def to_internal_value(self, data):
        accepted = types + from_text if is_html_input(getattr(self.root, "initial_data", None)) else types
        if not isinstance(data, accepted):
            self.fail("invalid")
        return convert(self, data)

    field_class.to_internal_value = to_internal_value


def install():
    _accept_only(serializers.CharField, (str,))
    _accept_only(serializers.UUIDField, (str, uuid.UUID))
    _accept_only(serializers.BooleanField, (bool,), from_text=(str,))
