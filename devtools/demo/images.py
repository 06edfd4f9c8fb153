"""Pictures for the demo, drawn with Pillow (nothing is downloaded).

Activity photos are simple scenes (a street with volunteers in red vests, a classroom, a
village, …) that vary with the activity kind; town photos are landscapes after the town's
theme. They are illustrations, and their captions say so.
"""

import io
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageOps

from activities.models import photo_upload_to, thumbnail_upload_to
from towns.models import town_photo_upload_to

PHOTO_SIZE = (960, 640)
THUMB_SIZE = (320, 214)

RED = (196, 30, 36)
GOLD = (250, 204, 21)
SKIN = (241, 200, 160)
HAIR = (40, 30, 25)


def _gradient(size, top, bottom):
    gray = Image.linear_gradient("L").resize(size)
    return ImageOps.colorize(gray, black=top, white=bottom).convert("RGB")


def _person(draw, x, y, scale, shirt, rng):
    """A simple standing figure whose feet are at (x, y)."""
    h = 120 * scale
    head = 16 * scale
    body_top = y - h + 2 * head
    draw.rounded_rectangle((x - 22 * scale, body_top, x + 22 * scale, y - 34 * scale), radius=10 * scale, fill=shirt)
    trousers = rng.choice([(40, 50, 70), (60, 60, 60), (30, 40, 90)])
    draw.rectangle((x - 16 * scale, y - 36 * scale, x - 3 * scale, y), fill=trousers)
    draw.rectangle((x + 3 * scale, y - 36 * scale, x + 16 * scale, y), fill=trousers)
    draw.ellipse((x - head, body_top - 2 * head, x + head, body_top), fill=SKIN)
    draw.chord((x - head, body_top - 2 * head - 2, x + head, body_top - head), 180, 360, fill=HAIR)


def _crowd(draw, rng, count, y, scale, shirts, x_range=(80, 880)):
    xs = sorted(rng.uniform(*x_range) for _ in range(count))
    for x in xs:
        _person(draw, x, y + rng.uniform(-6, 6) * scale, scale * rng.uniform(0.9, 1.1), rng.choice(shirts), rng)


def _banner(draw, box, color=RED):
    draw.rectangle(box, fill=color)
    x0, y0, x1, y1 = box
    # A row of gold dots stands in for the banner's slogan.
    step = max(24, (x1 - x0) // 14)
    for x in range(x0 + step, x1 - step // 2, step):
        cy = (y0 + y1) // 2
        draw.rounded_rectangle((x - 8, cy - 9, x + 8, cy + 9), radius=3, fill=GOLD)


def _buildings(draw, rng, base_y, count=7):
    x = 0
    for _ in range(count):
        w = rng.randint(90, 160)
        h = rng.randint(140, 300)
        shade = rng.randint(170, 225)
        draw.rectangle((x, base_y - h, x + w, base_y), fill=(shade, shade - 8, shade - 20))
        for wy in range(base_y - h + 18, base_y - 20, 34):
            for wx in range(x + 12, x + w - 20, 30):
                draw.rectangle((wx, wy, wx + 14, wy + 18), fill=(120, 150, 180))
        x += w + rng.randint(4, 20)
        if x > PHOTO_SIZE[0]:
            break


def _hills(draw, rng, base_y, colors):
    width = PHOTO_SIZE[0]
    for index, color in enumerate(colors):
        points = [(0, base_y)]
        peaks = rng.randint(3, 5)
        for i in range(peaks + 1):
            px = width * i / peaks
            py = base_y - rng.randint(60, 180) + index * 40
            points.append((px, py))
        points.append((width, base_y))
        draw.polygon(points, fill=color)


def _sun(draw, rng):
    x, y, r = rng.randint(640, 880), rng.randint(60, 120), rng.randint(30, 46)
    draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 236, 170))


def _scene_outdoor_street(rng, shirts):
    image = _gradient(PHOTO_SIZE, (120, 180, 235), (220, 238, 250))
    draw = ImageDraw.Draw(image)
    _sun(draw, rng)
    _buildings(draw, rng, 420)
    draw.rectangle((0, 420, 960, 640), fill=(190, 190, 185))
    draw.rectangle((0, 560, 960, 640), fill=(160, 160, 155))
    _banner(draw, (260, 330, 700, 380))
    _crowd(draw, rng, rng.randint(6, 10), 600, 1.6, shirts)
    return image


def _scene_indoor(rng, shirts, wall=(236, 228, 214)):
    image = Image.new("RGB", PHOTO_SIZE, wall)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 430, 960, 640), fill=(170, 120, 80))
    draw.rectangle((250, 70, 710, 330), fill=(40, 60, 90))
    draw.rectangle((265, 85, 695, 315), fill=(200, 40, 45))
    _banner(draw, (120, 20, 840, 60))
    for row, y in enumerate((520, 600, 680)):
        for x in range(90 + row * 20, 900, 110):
            draw.ellipse((x - 18, y - 130, x + 18, y - 94), fill=SKIN)
            draw.chord((x - 18, y - 132, x + 18, y - 110), 180, 360, fill=HAIR)
            draw.rounded_rectangle((x - 32, y - 96, x + 32, y - 30), radius=12, fill=rng.choice(shirts))
    return image


def _scene_village(rng, shirts):
    image = _gradient(PHOTO_SIZE, (135, 195, 240), (230, 242, 250))
    draw = ImageDraw.Draw(image)
    _sun(draw, rng)
    _hills(draw, rng, 360, [(110, 150, 110), (80, 130, 85)])
    draw.rectangle((0, 360, 960, 640), fill=(150, 190, 90))
    for x in range(60, 900, 190):
        draw.rectangle((x, 270, x + 120, 360), fill=(245, 245, 240))
        draw.polygon([(x - 12, 272), (x + 60, 225), (x + 132, 272)], fill=(70, 70, 80))
        draw.rectangle((x + 48, 310, x + 72, 360), fill=(110, 80, 60))
    for _ in range(5):
        bx = rng.randint(100, 860)
        draw.rectangle((bx, 540, bx + 60, 590), fill=(200, 150, 90))
    _crowd(draw, rng, rng.randint(4, 7), 620, 1.5, shirts)
    return image


def _scene_tent(rng, shirts):
    image = _scene_outdoor_street(rng, shirts)
    draw = ImageDraw.Draw(image)
    draw.polygon([(120, 470), (330, 360), (540, 470)], fill=(40, 110, 200))
    draw.rectangle((140, 470, 520, 560), fill=(245, 245, 250))
    draw.rectangle((170, 500, 490, 520), fill=(40, 110, 200))
    return image


def _scene_meeting(rng, shirts):
    image = Image.new("RGB", PHOTO_SIZE, (230, 232, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 440, 960, 640), fill=(150, 110, 80))
    _banner(draw, (160, 40, 800, 90))
    draw.ellipse((250, 380, 710, 560), fill=(120, 80, 50))
    for angle_x in range(280, 700, 70):
        _person(draw, angle_x, 400, 1.1, rng.choice(shirts), rng)
    return image


VESTS = [RED, (220, 50, 40), (200, 35, 45)]
SHIRTS = [(245, 245, 245), (60, 90, 150), (200, 40, 45), (90, 130, 90), (230, 230, 220)]
MEDICAL = [(60, 120, 210), (240, 240, 245), (70, 150, 220)]

ACTIVITY_SCENES = {
    "volunteer": lambda rng: _scene_outdoor_street(rng, VESTS),
    "co_building": lambda rng: _scene_meeting(rng, SHIRTS),
    "study": lambda rng: _scene_indoor(rng, SHIRTS),
    "assistance": lambda rng: _scene_village(rng, VESTS + SHIRTS),
    "party_day": lambda rng: _scene_indoor(rng, [RED, (245, 245, 245)], wall=(200, 45, 45)),
    "epidemic": lambda rng: _scene_tent(rng, MEDICAL),
    "governance": lambda rng: _scene_meeting(rng, SHIRTS),
}


def draw_activity_photo(kind, seed):
    rng = random.Random(f"{kind}-{seed}")
    return ACTIVITY_SCENES.get(kind, ACTIVITY_SCENES["volunteer"])(rng)


def _flowers(draw, rng, top, colors, count=900):
    for _ in range(count):
        x, y = rng.randint(0, 960), rng.randint(top, 640)
        r = 2 + (y - top) // 40
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice(colors))


TOWN_THEMES = {
    # theme: (sky colours, hill colours, ground colour, extras)
    "design": "modern",
    "flowers": "flowers",
    "fairytale": "fairytale",
    "retreat": "lake",
    "herbs": "terraces",
    "mountain": "river",
    "post_road": "gate",
    "biotech": "campus",
    "craft": "workshop",
}


def draw_town_photo(theme, seed):
    """A landscape of Conghua after the town's theme: hills, river, fields, white walls and dark tiles."""
    rng = random.Random(f"town-{theme}-{seed}")
    image = _gradient(PHOTO_SIZE, (110, 175, 230), (225, 240, 250))
    draw = ImageDraw.Draw(image)
    _sun(draw, rng)
    _hills(draw, rng, 330, [(120, 160, 130), (85, 135, 95), (60, 110, 70)])
    draw.rectangle((0, 330, 960, 640), fill=(120, 175, 85))
    style = TOWN_THEMES.get(theme, "river")
    if style in {"river", "lake"}:
        draw.polygon([(380, 330), (560, 330), (900, 640), (160, 640)], fill=(110, 170, 210))
    if style == "lake":
        for x in range(40, 940, 120):
            draw.ellipse((x, 300, x + 80, 370), fill=(60, 120, 60))
            draw.ellipse((x + 25, 330, x + 45, 350), fill=(200, 40, 50))
    if style == "flowers":
        _flowers(draw, rng, 360, [(230, 60, 110), (250, 150, 190), (250, 220, 90), (240, 240, 240)])
    if style == "terraces":
        for i, y in enumerate(range(360, 640, 40)):
            draw.rectangle((0, y, 960, y + 30), fill=(90 + i * 8, 150 + i * 4, 70))
    if style == "fairytale":
        _flowers(draw, rng, 420, [(250, 200, 60), (240, 120, 60)], count=400)
        for x in range(120, 900, 260):
            draw.ellipse((x, 380, x + 90, 470), fill=(220, 190, 110))
            draw.ellipse((x + 20, 340, x + 70, 390), fill=(225, 195, 120))
    if style == "modern":
        draw.rectangle((260, 230, 700, 360), fill=(235, 235, 235))
        for x in range(280, 690, 40):
            draw.rectangle((x, 250, x + 26, 340), fill=(120, 170, 210))
        draw.rectangle((0, 400, 960, 520), fill=(95, 160, 70))
    if style == "gate":
        draw.polygon([(420, 640), (540, 640), (500, 360), (470, 360)], fill=(170, 160, 145))
        draw.rectangle((400, 250, 570, 360), fill=(150, 130, 110))
        draw.rectangle((460, 300, 510, 360), fill=(70, 50, 40))
        draw.polygon([(385, 255), (485, 205), (585, 255)], fill=(70, 70, 80))
    if style in {"campus", "workshop"}:
        for x in range(120, 860, 240):
            height = 130 if style == "campus" else 80
            draw.rectangle((x, 360 - height, x + 180, 360), fill=(240, 240, 245))
            draw.rectangle((x + 10, 370 - height, x + 170, 380 - height), fill=(120, 170, 210))
            if style == "workshop":
                draw.polygon([(x - 10, 282), (x + 90, 240), (x + 190, 282)], fill=(150, 80, 60))
    # White walls and dark tiles (白墙黛瓦) along the bottom of every town.
    for x in range(20, 940, 170):
        y = rng.randint(520, 560)
        draw.rectangle((x, y, x + 110, y + 70), fill=(248, 248, 245))
        draw.polygon([(x - 10, y + 2), (x + 55, y - 34), (x + 120, y + 2)], fill=(60, 60, 70))
    return image


def jpeg_bytes(image, quality=80):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def save_activity_photo(image):
    """Store a photo and its thumbnail; return (image name, thumbnail name, width, height)."""
    name = default_storage.save(photo_upload_to(None, "photo.jpg"), ContentFile(jpeg_bytes(image)))
    thumb = image.copy()
    thumb.thumbnail(THUMB_SIZE)
    thumb_name = default_storage.save(thumbnail_upload_to(None, "thumb.jpg"), ContentFile(jpeg_bytes(thumb, 75)))
    return name, thumb_name, image.width, image.height


def save_town_photo(image):
    return default_storage.save(town_photo_upload_to(None, "town.jpg"), ContentFile(jpeg_bytes(image)))
