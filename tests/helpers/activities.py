"""Fixtures and helpers for the secretary's workspace and the review workflow."""

import io
import struct
import uuid
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from activities.models import Activity
from tests.helpers import factories

State = Activity.State


# -- images -------------------------------------------------------------------


def image_bytes(fmt="JPEG", size=(64, 48), color="red", mode="RGB", **save_kwargs):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_header_only(width, height):
    """A PNG that claims `width`×`height` pixels in a few dozen bytes (a decompression bomb's header)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def jpeg_with_gps(size=(80, 40), orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (23.0, 7.0, 30.0)
    gps[3] = "E"
    gps[4] = (113.0, 15.0, 0.0)
    return image_bytes("JPEG", size=size, exif=exif)


# -- records ------------------------------------------------------------------


def make_photo(activity, position=1, caption="志愿者合影"):
    return factories.ActivityPhotoFactory(activity=activity, position=position, caption=caption)


def activity_form_data(organizer, **overrides):
    """What a secretary types into the new-activity form."""
    data = {
        "title": "农林街我为群众办实事志愿服务",
        "kind": Activity.Kind.VOLUNTEER,
        "organizer": organizer.pk,
        "pairing": "",
        "starts_at": "2021-04-22T09:00",
        "ends_at": "2021-04-22T12:00",
        "district": "440104",
        "street": "农林街",
        "place": "农林街党群服务中心",
        "party_members": "12",
        "volunteers": "20",
        "service_hours": "3",
        "service_minutes_part": "30",
        "people_served": "300",
        "funds": "1500.00",
        "description": "党员志愿者为辖区居民提供义诊、法律咨询和家电维修服务。",
        "submission_key": str(uuid.uuid4()),
        "action": "draft",
    }
    data.update(overrides)
    return data


def edit_form_data(activity, photos=(), **overrides):
    """The edit form of `activity` as the page shows it, with `overrides` typed in."""
    local = timezone.localtime
    hours, minutes = divmod(activity.service_minutes, 60)
    data = {
        "title": activity.title,
        "kind": activity.kind,
        "organizer": activity.organizer_id,
        "pairing": activity.pairing_id or "",
        "starts_at": local(activity.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": local(activity.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "district": activity.district,
        "street": activity.street,
        "place": activity.place,
        "party_members": str(activity.party_members),
        "volunteers": str(activity.volunteers),
        "service_hours": str(hours),
        "service_minutes_part": str(minutes),
        "people_served": str(activity.people_served),
        "funds": str(activity.funds),
        "description": activity.description,
        "version": str(activity.version),
        "action": "draft",
        "photos-TOTAL_FORMS": str(len(photos)),
        "photos-INITIAL_FORMS": str(len(photos)),
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "12",
    }
    for index, photo in enumerate(photos):
        data[f"photos-{index}-id"] = str(photo.pk)
        data[f"photos-{index}-caption"] = photo.caption
        data[f"photos-{index}-position"] = str(photo.position)
    data.update(overrides)
    return data


def snapshot(activity):
    """Everything about an activity a refused request must leave unchanged."""
    activity.refresh_from_db()
    return (
        {field.name: getattr(activity, field.attname) for field in Activity._meta.concrete_fields},
        sorted(activity.co_organizers.values_list("pk", flat=True)),
        list(activity.photos.order_by("pk").values_list("pk", "caption", "position", "image")),
        activity.history.count(),
    )


@pytest.fixture
def other_branch_a(secretary_a):
    """A second party organization secretary A is bound to."""
    branch = factories.PartyOrganizationFactory(name="甲协会第二党支部")
    branch.secretaries.add(secretary_a)
    return branch


@pytest.fixture
def pairing_a(branch_a):
    return factories.PairingFactory(party_organization=branch_a, partner_name="越秀区农林街道党工委")


@pytest.fixture
def pairing_b(branch_b):
    return factories.PairingFactory(party_organization=branch_b, partner_name="越秀区光塔街道党工委")


@pytest.fixture
def draft_a(branch_a, secretary_a):
    return factories.ActivityFactory(organizer=branch_a, draft=True, created_by=secretary_a, title="甲支部主题党日")


@pytest.fixture
def activity_b_states(branch_b, secretary_b):
    """One activity of branch B in every state, each with two photos."""
    activities = {}
    for state in State:
        activity = factories.ActivityFactory(
            organizer=branch_b, **{state.value: True}, created_by=secretary_b, title=f"乙中心活动（{state.label}）"
        )
        make_photo(activity, 1, "乙中心照片一")
        make_photo(activity, 2, "乙中心照片二")
        activities[state] = activity
    return activities
