"""The pictures of activity cards: a card's own photo, else its kind's drawn illustration, and
never the picture of a card beside it or above it in a grid three cards wide."""

import re

import pytest

from activities.illustrations import KIND_MOTIFS, MOTIFS, VARIANTS, illustration
from activities.models import Activity
from activities.pictures import NEIGHBOURS, card_pictures
from tests.helpers import factories


def grids(html):
    """The data-picture keys of each card grid on the page, in reading order."""
    return [
        re.findall(r'class="card-picture" data-picture="([^"]+)"', grid)
        for grid in html.split('class="list-unstyled row')[1:]
    ]


def assert_no_neighbours_share(keys):
    for index, key in enumerate(keys):
        before = keys[max(0, index - NEIGHBOURS) : index]
        assert key not in before, (index, key, keys)


def test_every_motif_and_variant_is_a_different_picture():
    drawings = {illustration(motif, variant) for motif in MOTIFS for variant in range(VARIANTS)}
    assert len(drawings) == len(MOTIFS) * VARIANTS
    # Every kind of activity has a motif of its own.
    assert set(KIND_MOTIFS) == {code for code, _ in Activity.Kind.choices}
    assert len(set(KIND_MOTIFS.values())) == len(KIND_MOTIFS)


def test_cards_of_one_kind_without_photos_never_repeat_a_neighbours_drawing(db):
    for _ in range(12):
        factories.ActivityFactory(kind=Activity.Kind.VOLUNTEER)
    cards = card_pictures(Activity.objects.for_gallery())
    keys = [picture["key"] for _, picture in cards]
    assert_no_neighbours_share(keys)
    assert all(picture["svg"].startswith("<svg") for _, picture in cards)


def test_cards_sharing_a_photo_show_it_once_among_neighbours(db):
    # The demo's photos come from a small pool: many activities carry the same file.
    shared = factories.ActivityPhotoFactory()
    for _ in range(5):
        activity = factories.ActivityFactory(kind=shared.activity.kind)
        factories.ActivityPhotoFactory(activity=activity, image=shared.image.name, thumbnail=shared.thumbnail.name)
    cards = card_pictures(Activity.objects.for_gallery().order_by("pk"))
    keys = [picture["key"] for _, picture in cards]
    assert_no_neighbours_share(keys)
    # The first card shows the photo; its neighbours fall back to drawings.
    assert "photo" in cards[0][1] and keys.count(keys[0]) <= 2


@pytest.mark.parametrize("url", ["/", "/activities/", "/exhibition/seed/", "/exhibition/forest/"])
def test_no_two_neighbouring_cards_on_a_page_share_a_picture(client, db, url):
    shared = factories.ActivityPhotoFactory(activity__featured_hall="seed")
    for index in range(14):
        activity = factories.ActivityFactory(
            kind=Activity.Kind.STUDY if index % 3 else Activity.Kind.VOLUNTEER,
            featured_hall=["seed", "forest"][index % 2],
        )
        if index % 2:
            factories.ActivityPhotoFactory(activity=activity, image=shared.image.name, thumbnail=shared.thumbnail.name)
    found = [keys for keys in grids(client.get(url).content.decode()) if keys]
    assert found, "no card grid on the page"
    for keys in found:
        assert_no_neighbours_share(keys)
