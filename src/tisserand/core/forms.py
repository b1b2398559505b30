"""Form helpers shared by the apps."""

from django.core.exceptions import ValidationError


class ServiceFormMixin:
    """Turn a service's ValidationError into errors shown on the form (nothing saved)."""

    def _run(self, write):
        try:
            return write()
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
            return None
