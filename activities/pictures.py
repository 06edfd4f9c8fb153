"""The picture of each card in a grid: its own photo where it has one, else the drawn
illustration of its kind, chosen so that no card shows the picture of a card beside it or
above it (the grids are at most three cards wide, so the three cards before it are its
neighbours at every width)."""

from .illustrations import VARIANTS, kind_illustration

NEIGHBOURS = 3


def _candidates(activity):
    for photo in activity.photos.all():
        yield photo.thumbnail.name or photo.image.name, {"photo": photo}
    # The kind's drawn variants, starting at one of the record's own so pages differ.
    for step in range(VARIANTS):
        variant = (activity.pk + step) % VARIANTS
        yield f"{activity.kind}-{variant}", {"svg": kind_illustration(activity.kind, variant)}


def card_pictures(activities):
    """[(activity, picture)] where picture is {"photo": ActivityPhoto} or {"svg": markup}."""
    cards = []
    recent = []
    for activity in activities:
        # The kind's drawings outnumber the neighbours, so there is always one left.
        key, picture = next((key, picture) for key, picture in _candidates(activity) if key not in recent)
        recent = [*recent[-(NEIGHBOURS - 1) :], key]
        picture["key"] = key
        cards.append((activity, picture))
    return cards
