"""htmx requests, as ``django_htmx.middleware.HtmxMiddleware`` describes them
(``request.htmx``)."""


def wants_fragment(request) -> bool:
    """An htmx request for a fragment of the page; a history restore (back button after
    the cache was lost) wants the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request
