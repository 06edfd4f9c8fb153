"""After a load run: every activity a secretary sent exists exactly once, as it was sent.

Run by scripts/load: python scripts/load_check.py RESULTS.json
"""

import json
import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gzpartybuild.settings")

import django  # noqa: E402

django.setup()

from activities.models import Activity  # noqa: E402

INTEGER_FIELDS = ["party_members", "volunteers", "service_minutes", "people_served"]
TEXT_FIELDS = ["district", "street", "place", "description"]


def problems_of(entry):
    fields = entry["fields"]
    rows = list(Activity.objects.filter(title=fields["title"]).select_related("created_by"))
    if len(rows) != 1:
        return [f"{fields['title']}: {len(rows)} rows instead of 1"]
    activity = rows[0]
    found = []
    expected = {name: fields[name] for name in TEXT_FIELDS if name in fields}
    expected.update({name: int(fields[name]) for name in INTEGER_FIELDS if name in fields})
    if "organizer" in fields:
        expected["organizer_id"] = int(fields["organizer"])
    if "funds" in fields:
        expected["funds"] = Decimal(fields["funds"])
    for name, value in expected.items():
        if getattr(activity, name) != value:
            found.append(f"{fields['title']}: {name} is {getattr(activity, name)!r}, sent {value!r}")
    if activity.created_by is None or activity.created_by.username != entry["username"]:
        found.append(f"{fields['title']}: recorded as written by {activity.created_by}, not {entry['username']}")
    return found


def main(path):
    written = json.loads(Path(path).read_text(encoding="utf-8"))
    problems = [problem for entry in written for problem in problems_of(entry)]
    print(f"LOAD CHECK: {len(written)} activities sent by secretaries, {len(problems)} problems")
    for problem in problems[:20]:
        print("  " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
