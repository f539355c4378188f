"""Form helpers shared by every app's views."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError


def save_through_service(form: forms.BaseForm, write: Callable[[], object]) -> bool:
    """Validate ``form``, then run ``write`` (a service call with the form's data).

    A ValidationError from the service lands on the form field it names (or on the form as a whole), so the
    user sees the service's own rule next to the field it is about. Returns True when the write succeeded.
    """
    if not form.is_valid():
        return False
    try:
        write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errs in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            form.add_error(None, error)
        return False
    return True
