"""After a load run: every activity a secretary wrote exists exactly once, as last sent.

Run by scripts/load: python scripts/load_check.py RESULTS.json TARGETS.json
RESULTS.json is what scripts/load_locustfile.py recorded of the writes the portal
confirmed (the form's strings as sent, the expected state and photo count);
TARGETS.json names the secretary accounts, whose activities must be exactly those.
"""

import datetime
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gzpartybuild.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from activities.models import Activity  # noqa: E402

INTEGER_FIELDS = ["party_members", "volunteers", "people_served"]
TEXT_FIELDS = ["title", "kind", "district", "street", "place", "description"]
DATETIME_FIELDS = ["starts_at", "ends_at"]


def expected_values(fields):
    """The record's attributes as the form's strings say they should be."""
    expected = {name: fields[name].strip() for name in TEXT_FIELDS}
    expected.update({name: int(fields[name]) for name in INTEGER_FIELDS})
    expected["service_minutes"] = int(fields["service_minutes"])
    expected["funds"] = Decimal(fields["funds"])
    expected["organizer_id"] = int(fields["organizer"])
    expected["pairing_id"] = int(fields["pairing"]) if fields["pairing"] else None
    local = timezone.get_current_timezone()
    for name in DATETIME_FIELDS:
        # The form takes the portal's local time.
        expected[name] = datetime.datetime.strptime(fields[name], "%Y-%m-%dT%H:%M").replace(tzinfo=local)
    return expected


def problems_of(entry, activity, same_title):
    label = f"activity {entry['pk']}"
    if activity is None:
        return [f"{label}: missing"]
    fields = entry["fields"]
    found = []
    if same_title != 1:
        found.append(f"{label}: {same_title} activities are titled {fields['title']!r}")
    for name, value in expected_values(fields).items():
        if getattr(activity, name) != value:
            found.append(f"{label}: {name} is {getattr(activity, name)!r}, sent {value!r}")
    co_organizers = sorted(activity.co_organizers.values_list("pk", flat=True))
    if co_organizers != fields["co_organizers"]:
        found.append(f"{label}: co-organizers {co_organizers}, sent {fields['co_organizers']}")
    if activity.state != entry["state"]:
        found.append(f"{label}: state {activity.state!r}, expected {entry['state']!r}")
    if (activity.submitted_at is not None) != (entry["state"] == Activity.State.SUBMITTED):
        found.append(f"{label}: submitted_at {activity.submitted_at} with state {activity.state}")
    if activity.photo_count != entry["photos"]:
        found.append(f"{label}: {activity.photo_count} photos, sent {entry['photos']}")
    if activity.created_by is None or activity.created_by.username != entry["username"]:
        found.append(f"{label}: recorded as written by {activity.created_by}, not {entry['username']}")
    history_users = set(activity.history.values_list("history_user__username", flat=True))
    if history_users != {entry["username"]}:
        found.append(f"{label}: history rows by {sorted(map(str, history_users))}")
    return found


def main(results_path, targets_path):
    written = json.loads(Path(results_path).read_text(encoding="utf-8"))
    usernames = [account["username"] for account in json.loads(Path(targets_path).read_text())["secretaries"]]
    stored = Activity.objects.filter(created_by__username__in=usernames)
    activities = stored.select_related("created_by").annotate(photo_count=Count("photos")).in_bulk()
    titles = dict(
        Activity.objects.filter(title__in=[entry["fields"]["title"] for entry in written])
        .values_list("title")
        .annotate(n=Count("pk"))
    )
    problems = []
    for entry in written:
        problems += problems_of(entry, activities.get(entry["pk"]), titles.get(entry["fields"]["title"], 0))
    extra = sorted(set(activities) - {entry["pk"] for entry in written})
    if extra:
        problems.append(f"{len(extra)} activities by the secretaries that no confirmed write made: {extra[:10]}")
    states = sorted({entry["state"] for entry in written})
    counts = {state: sum(entry["state"] == state for entry in written) for state in states}
    print(
        f"LOAD CHECK: {len(written)} activities written by secretaries ({counts}), "
        f"{len(activities)} in the database, {len(problems)} problems"
    )
    for problem in problems[:20]:
        print("  " + problem)
    return 1 if problems or not written else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
