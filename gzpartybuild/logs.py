"""Structured logs: every record as one JSON object on one line."""

import datetime
import json
import logging

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
