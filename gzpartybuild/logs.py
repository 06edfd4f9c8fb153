"""Logs: JSON lines for a deployment, short lines for a person watching the embedded demo.

settings.LOG_FORMAT picks one (DJANGO_LOG_FORMAT: `json`, the default of a deployment, or
`text`, the default of the embedded demo).
"""

import datetime
import json
import logging

from django.utils import timezone

# Attributes every LogRecord has; anything else was passed through `extra=` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_") or key == "request":
                continue
            entry[key] = value
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "META"):
            entry.setdefault("method", request.method)
            entry.setdefault("path", request.path)
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            entry["status"] = status_code
            entry.pop("status_code", None)
        if record.exc_info:
            entry["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            entry["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["traceback"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


# The parts of the site that are files, not pages: a person watching the demo's terminal
# does not want a line for every stylesheet and photo.
FILE_PREFIXES = ("/static/", "/media/")


class TextFormatter(logging.Formatter):
    """One short line a person can read: `21:05:33  GET /organizations/ 200  35 ms`.

    Request lines (gzpartybuild.request) name method, path, status and time, and the user
    when one is signed in; other records are `time LEVEL logger: message`, with the
    traceback below when there is one.
    """

    def format(self, record):
        moment = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
        stamp = timezone.localtime(moment).strftime("%H:%M:%S")
        if record.name == "gzpartybuild.request" and hasattr(record, "status_code"):
            line = f"{stamp}  {record.method} {record.path} {record.status_code}  {record.duration_ms:.0f} ms"
            if getattr(record, "user_id", None) is not None:
                line += f"  user {record.user_id}"
        else:
            line = f"{stamp}  {record.levelname} {record.name}: {record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        elif record.exc_text:
            line += "\n" + record.exc_text
        return line


class PagesOnlyFilter(logging.Filter):
    """For the text format: no line for static and media files, and no second line for a
    4xx answer (django.request's warning repeats what the request line already says)."""

    def filter(self, record):
        if record.name == "gzpartybuild.request":
            return not str(getattr(record, "path", "")).startswith(FILE_PREFIXES)
        if record.name == "django.request" and record.levelno < logging.ERROR:
            return False
        return True
