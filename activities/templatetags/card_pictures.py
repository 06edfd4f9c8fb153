from django import template

from activities.pictures import card_pictures as pick

register = template.Library()


@register.simple_tag
def card_pictures(activities):
    """{% card_pictures activities as cards %}: each activity with a picture unlike its neighbours'."""
    return pick(activities)
