"""Logs written without query strings.

Names typed in a search box travel in the address (``/habitants/?q=Lefèvre``), and the
login page carries the page asked for (``/connexion/?next=/habitants/%3Fq%3D…``). The
request lines of the development server (``django.server``) and any address in a log
message lose their query string here; the access log of gunicorn uses
``ACCESS_LOG_FORMAT``, which has the path without its query string and no referrer.
"""

import logging
import re

# Gunicorn: %(U)s is the path without the query string (%(r)s and %(q)s would keep it,
# and so would the referrer %(f)s).
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss'

_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


def without_query_string(text: str) -> str:
    """``text`` with the query string of every address in it replaced by ``?…``."""
    return _QUERY.sub(r"\1?…", text)


class WithoutQueryString(logging.Filter):
    """Rewrites the message of every record that holds an address with a query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        cleaned = without_query_string(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
