from django import forms
from django.core.exceptions import ValidationError

BIGINT_LIMIT = 2**63


def _too_large(pk):
    try:
        return abs(int(pk)) >= BIGINT_LIMIT
    except (TypeError, ValueError):
        return False


class BoundedIdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses an id beyond a 64-bit integer itself: SQLite cannot even take it in a lookup query,
    neither when validating nor when the widget re-renders the submitted choices."""

    def clean(self, value):
        for pk in value or ():
            if _too_large(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super().clean(value)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        if isinstance(data, list | tuple):
            return [pk for pk in data if not _too_large(pk)]
        return data
