"""JSON types as the schema states them: a text field and a uuid field take a JSON string only.

DRF turns the number 0 into "0" for a CharField and the boolean false into UUID(int=0) for a
UUIDField, so a number as a last name or `false` as an id was accepted although the schema says
`type: string`. Installed once for every serializer (CoreConfig.ready), as DRF has no setting for it;
form and query input is text already and is not affected.
"""

import uuid

from rest_framework import serializers


def _accept_only(field_class, types):
    convert = field_class.to_internal_value

    def to_internal_value(self, data):
        if not isinstance(data, types):
            self.fail("invalid")
        return convert(self, data)

    field_class.to_internal_value = to_internal_value


def install():
    _accept_only(serializers.CharField, str)
    _accept_only(serializers.UUIDField, (str, uuid.UUID))
