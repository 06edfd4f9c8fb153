"""Nothing lost: archived records leave the public pages, bulk writes keep their history."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from activities.models import Activity
from tests.helpers import factories

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = [
    "gzpartybuild",
    "accounts",
    "uploads",
    "operations",
    "organizations",
    "partybranches",
    "activities",
    "towns",
    "sourcedfigures",
    "portal",
    "reports",
    "spreadsheets",
]


@pytest.mark.django_db
def test_archived_organization_leaves_the_public_pages(client):
    kept = factories.SocialOrganizationFactory(name="广州市在册协会")
    archived = factories.SocialOrganizationFactory(name="广州市已归档协会", is_archived=True)

    listing = client.get(reverse("organizations:list")).content.decode()

    assert kept.name in listing
    assert archived.name not in listing
    assert client.get(reverse("organizations:detail", args=[archived.pk])).status_code == 404
    assert client.get(reverse("organizations:detail", args=[kept.pk])).status_code == 200


@pytest.mark.django_db
def test_archived_party_organization_leaves_the_public_pages(client):
    archived = factories.PartyOrganizationFactory(name="已归档党支部", is_archived=True)
    factories.DemonstrationSiteFactory(party_organization=archived, title="已归档示范点")

    assert client.get(reverse("partybranches:detail", args=[archived.pk])).status_code == 404
    assert "已归档示范点" not in client.get(reverse("partybranches:demonstration")).content.decode()


@pytest.mark.django_db
def test_history_aware_bulk_helpers_record_the_acting_user(staff_user, branch_a):
    activities = bulk_create_with_history(
        [factories.ActivityFactory.build(organizer=branch_a, title=f"批量导入活动{n}") for n in range(3)],
        Activity,
        default_user=staff_user,
    )
    for activity in activities:
        activity.state = Activity.State.OFFLINE
    bulk_update_with_history(activities, Activity, ["state"], default_user=staff_user)

    history = Activity.history.filter(title__startswith="批量导入活动")
    assert history.count() == 6
    assert set(history.values_list("history_user", flat=True)) == {staff_user.pk}
    assert sorted(history.values_list("history_type", flat=True)) == ["+"] * 3 + ["~"] * 3


def _history_model_names():
    return {
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and hasattr(model, "history")
        and not model.__name__.startswith("Historical")
    }


def _untracked_fields(model_name):
    """Fields of a tracked model that its history leaves out (excluded_fields)."""
    model = next(m for m in apps.get_models() if m.__name__ == model_name and hasattr(m, "history"))
    historical = {field.attname for field in model.history.model._meta.fields}
    return {field.attname for field in model._meta.concrete_fields} - historical


def _chain_names(node):
    """Names along a call chain: Activity.objects.filter(...).update -> [Activity, objects, filter, update]."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return list(reversed(names))
        else:
            return list(reversed(names))


def test_project_code_writes_history_tracked_records_only_through_history_aware_calls():
    """QuerySet.update(), bulk_create() and bulk_update() write no history row: on a tracked
    model, use save(), or simple_history's bulk_create_with_history / bulk_update_with_history."""
    tracked = _history_model_names()
    offenders = []
    for app in PROJECT_APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                    continue
                method = node.func.attr
                if method not in {"update", "bulk_create", "bulk_update"}:
                    continue
                chain = _chain_names(node.func)
                if method == "update" and chain and chain[0] in tracked:
                    written = {keyword.arg for keyword in node.keywords}
                    if written and written <= _untracked_fields(chain[0]):
                        continue  # e.g. the optimistic-locking counter, which history leaves out
                if chain and chain[0] in tracked and "objects" in chain:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {'.'.join(chain)}")
    assert offenders == [], "history-less bulk writes: " + ", ".join(offenders)


def test_the_scan_recognises_a_history_less_bulk_write():
    tree = ast.parse("Activity.objects.filter(state='draft').update(state='offline')")
    call = tree.body[0].value
    assert _chain_names(call.func) == ["Activity", "objects", "filter", "update"]
    assert "Activity" in _history_model_names()
    assert "SocialOrganization" in _history_model_names()
