"""The portal's drawn illustrations: one flat style (party red and gold on a warm paper ground,
rounded shapes, no outlines), drawn as SVG from code, with nothing downloaded.

A motif (a seed, a sapling, a book, a handshake, …) is the subject; a variant changes the
ground's tint and the arrangement of the decoration around it, so that cards of the same kind
side by side never show the same picture. The SVG is decorative (the card's text says what it
is), so it is hidden from screen readers.
"""

import math
from functools import lru_cache

from django.utils.safestring import mark_safe

RED = "#c41e24"
DARK_RED = "#8f1419"
GOLD = "#f2b705"
PAPER = ["#fbf3e6", "#f6ebe0", "#f3efe4", "#f9ece9", "#eef2e6", "#f1ede6"]
LEAF = "#4f8a4b"
DARK_LEAF = "#2f6b3a"
SKY = "#dfe9f1"
WALL = "#ffffff"
TILE = "#4a4a55"
WOOD = "#9a6a43"
VARIANTS = len(PAPER)
WIDTH, HEIGHT = 240, 160


def _seed():
    return (
        f'<ellipse cx="120" cy="128" rx="70" ry="12" fill="{WOOD}" opacity=".35"/>'
        f'<path d="M120 118c-22 0-30-20-20-38 8-14 20-20 20-20s12 6 20 20c10 18 2 38-20 38z" fill="{RED}"/>'
        f'<path d="M120 62v50" stroke="{DARK_RED}" stroke-width="3" stroke-linecap="round"/>'
        f'<path d="M120 62c6-14 18-20 30-20-2 14-14 22-30 20z" fill="{LEAF}"/>'
    )


def _sapling():
    return (
        f'<rect x="70" y="118" width="100" height="16" rx="8" fill="{WOOD}" opacity=".45"/>'
        f'<path d="M120 120V64" stroke="{DARK_LEAF}" stroke-width="5" stroke-linecap="round"/>'
        f'<path d="M120 86c-8-22-30-28-44-24 4 20 24 30 44 24z" fill="{LEAF}"/>'
        f'<path d="M120 72c8-22 30-28 44-24-4 20-24 30-44 24z" fill="{DARK_LEAF}"/>'
        f'<circle cx="120" cy="56" r="9" fill="{RED}"/>'
    )


def _tree(x, y, scale, color):
    return (
        f'<g transform="translate({x} {y}) scale({scale})">'
        f'<rect x="-4" y="0" width="8" height="30" rx="3" fill="{WOOD}"/>'
        f'<circle cx="0" cy="-12" r="22" fill="{color}"/><circle cx="-14" cy="2" r="14" fill="{color}"/>'
        f'<circle cx="14" cy="2" r="14" fill="{color}"/></g>'
    )


def _forest():
    return (
        f'<rect x="20" y="124" width="200" height="14" rx="7" fill="{LEAF}" opacity=".35"/>'
        + _tree(70, 96, 0.9, DARK_LEAF)
        + _tree(170, 96, 0.9, LEAF)
        + _tree(120, 92, 1.2, RED)
    )


def _hall():
    columns = "".join(f'<rect x="{x}" y="78" width="10" height="42" fill="{WALL}"/>' for x in range(68, 172, 24))
    return (
        f'<path d="M52 78h136l-68-34z" fill="{RED}"/>'
        f'<rect x="56" y="74" width="128" height="8" fill="{DARK_RED}"/>'
        f'<rect x="60" y="82" width="120" height="40" fill="{RED}" opacity=".25"/>'
        + columns
        + f'<rect x="46" y="120" width="148" height="12" rx="3" fill="{DARK_RED}"/>'
        f'<circle cx="120" cy="62" r="7" fill="{GOLD}"/>'
    )


def _book():
    return (
        f'<path d="M120 56c-20-12-46-12-62-6v72c16-6 42-6 62 6z" fill="{WALL}"/>'
        f'<path d="M120 56c20-12 46-12 62-6v72c-16-6-42-6-62 6z" fill="#fff7e0"/>'
        f'<path d="M120 56v72" stroke="{DARK_RED}" stroke-width="3"/>'
        f'<path d="M70 70h36M70 82h36M70 94h30M134 70h36M134 82h36M134 94h30" stroke="{RED}" stroke-width="4" '
        'stroke-linecap="round" opacity=".7"/>'
        f'<path d="M160 48v30l8-6 8 6V48z" fill="{RED}"/>'
    )


def _lecture():
    heads = "".join(
        f'<circle cx="{x}" cy="122" r="9" fill="#3a2c25"/>'
        f'<rect x="{x - 12}" y="130" width="24" height="16" rx="7" fill="{RED if i % 2 else DARK_RED}"/>'
        for i, x in enumerate(range(54, 200, 33))
    )
    return (
        f'<rect x="62" y="30" width="116" height="64" rx="6" fill="{DARK_RED}"/>'
        f'<rect x="70" y="38" width="100" height="48" rx="3" fill="{RED}"/>'
        f'<path d="M84 54h72M84 66h52" stroke="{GOLD}" stroke-width="5" stroke-linecap="round"/>' + heads
    )


def _flag():
    return (
        f'<path d="M78 38v98" stroke="{WOOD}" stroke-width="6" stroke-linecap="round"/>'
        f'<path d="M81 40h92c-8 14-8 30 0 44H81z" fill="{RED}"/>'
        f'<circle cx="104" cy="60" r="10" fill="{GOLD}"/>'
        f'<path d="M60 136h40" stroke="{WOOD}" stroke-width="6" stroke-linecap="round"/>'
    )


def _star_path(cx, cy, r):
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.42
        angle = math.pi / 2 + i * math.pi / 5
        points.append(f"{cx + radius * math.cos(angle):.1f},{cy - radius * math.sin(angle):.1f}")
    return " ".join(points)


def _star():
    small = "".join(f'<polygon points="{_star_path(x, 122, 10)}" fill="{GOLD}"/>' for x in (72, 96, 120, 144, 168))
    return f'<polygon points="{_star_path(120, 66, 38)}" fill="{RED}"/>' + small


def _handshake():
    return (
        f'<path d="M40 92l34-26 26 6 20-8 24 2 24 22-30 26-26-6z" fill="#f1c8a0"/>'
        f'<path d="M30 70l22-8 22 38-20 10z" fill="{RED}"/>'
        f'<path d="M210 70l-22-8-22 38 20 10z" fill="{DARK_RED}"/>'
        f'<path d="M96 84l22 18M108 78l22 18M120 74l20 16" stroke="#d9a77c" stroke-width="4" stroke-linecap="round"/>'
    )


def _heart():
    return (
        f'<path d="M120 130c-44-28-62-50-54-72 7-18 34-22 54 0 20-22 47-18 54 0 8 22-10 44-54 72z" fill="{RED}"/>'
        f'<path d="M58 132c10-16 30-18 44-8" stroke="#f1c8a0" stroke-width="12" stroke-linecap="round" fill="none"/>'
        f'<path d="M182 132c-10-16-30-18-44-8" stroke="#f1c8a0" stroke-width="12" stroke-linecap="round" fill="none"/>'
    )


def _shield():
    return (
        f'<path d="M120 30l46 16v34c0 28-20 46-46 54-26-8-46-26-46-54V46z" fill="{RED}"/>'
        f'<path d="M120 42l34 12v26c0 20-14 34-34 40z" fill="{DARK_RED}"/>'
        f'<rect x="112" y="60" width="16" height="44" rx="3" fill="{WALL}"/>'
        f'<rect x="98" y="74" width="44" height="16" rx="3" fill="{WALL}"/>'
    )


def _house(x, y, wall, roof):
    return (
        f'<rect x="{x}" y="{y}" width="46" height="34" fill="{wall}"/>'
        f'<path d="M{x - 6} {y + 2}l29-22 29 22z" fill="{roof}"/>'
        f'<rect x="{x + 18}" y="{y + 14}" width="10" height="20" fill="{WOOD}"/>'
    )


def _village():
    return (
        f'<path d="M0 104c40-30 80-34 120-18s80 14 120-8v82H0z" fill="{LEAF}" opacity=".55"/>'
        f'<path d="M0 124c60-16 120-16 240 0v36H0z" fill="{GOLD}" opacity=".45"/>'
        + _house(56, 92, WALL, TILE)
        + _house(138, 88, WALL, TILE)
        + f'<path d="M112 70v40" stroke="{WOOD}" stroke-width="3"/><path d="M113 70h20l-6 7 6 7h-20z" fill="{RED}"/>'
    )


def _community():
    windows = "".join(
        f'<rect x="{x}" y="{y}" width="8" height="10" fill="{SKY}"/>' for x in (62, 76, 150, 164) for y in (58, 76, 94)
    )
    return (
        f'<rect x="54" y="48" width="38" height="84" fill="{WALL}"/>'
        f'<rect x="142" y="48" width="38" height="84" fill="{WALL}"/>'
        f'<rect x="98" y="72" width="40" height="60" fill="{RED}"/>'
        f'<path d="M92 74l26-22 26 22z" fill="{DARK_RED}"/>'
        f'<rect x="112" y="104" width="12" height="28" fill="{GOLD}"/>'
        + windows
        + f'<rect x="30" y="132" width="180" height="6" rx="3" fill="{TILE}" opacity=".5"/>'
    )


def _chart():
    bars = "".join(
        f'<rect x="{60 + i * 28}" y="{130 - h}" width="18" height="{h}" rx="3" fill="{RED if i == 4 else DARK_RED}"'
        f' opacity="{0.55 + i * 0.1:.2f}"/>'
        for i, h in enumerate((24, 38, 52, 66, 86))
    )
    return (
        bars
        + f'<path d="M52 132h144" stroke="{TILE}" stroke-width="3"/>'
        + f'<path d="M62 96l28-14 28-10 28-14 28-22" stroke="{GOLD}" stroke-width="4" fill="none" '
        'stroke-linecap="round"/>'
    )


MOTIFS = {
    "seed": _seed,
    "sapling": _sapling,
    "forest": _forest,
    "hall": _hall,
    "book": _book,
    "lecture": _lecture,
    "flag": _flag,
    "star": _star,
    "handshake": _handshake,
    "heart": _heart,
    "shield": _shield,
    "village": _village,
    "community": _community,
    "chart": _chart,
}

# The motif of each activity kind (activities.models.Activity.Kind).
KIND_MOTIFS = {
    "volunteer": "heart",
    "co_building": "handshake",
    "study": "lecture",
    "assistance": "village",
    "party_day": "flag",
    "epidemic": "shield",
    "governance": "community",
}


def _decoration(variant):
    """The ground's ornament, which moves with the variant: rays, dots or a band of gold."""
    shape = variant % 3
    if shape == 0:
        return (
            "".join(f'<path d="M0 {y}H240" stroke="{GOLD}" stroke-width="2" opacity=".35"/>' for y in (20, 28, 36))
            + f'<circle cx="{200 - variant * 6}" cy="34" r="16" fill="{GOLD}" opacity=".6"/>'
        )
    if shape == 1:
        return (
            "".join(
                f'<circle cx="{x}" cy="{y}" r="4" fill="{RED}" opacity=".18"/>'
                for x in range(16 + variant * 3, 240, 28)
                for y in (14, 146)
            )
            + f'<circle cx="{36 + variant * 4}" cy="40" r="14" fill="{GOLD}" opacity=".5"/>'
        )
    return (
        f'<path d="M0 0h240v18c-60 14-180 14-240 0z" fill="{RED}" opacity=".12"/>'
        f'<path d="M{30 + variant * 5} 150l10-20 10 20z" fill="{GOLD}" opacity=".55"/>'
        f'<path d="M{190 - variant * 5} 150l10-20 10 20z" fill="{GOLD}" opacity=".55"/>'
    )


@lru_cache(maxsize=256)
def illustration(motif, variant=0):
    """The SVG of `motif` in variant `variant` (any integer; VARIANTS distinct pictures per motif)."""
    draw = MOTIFS.get(motif, _seed)
    variant %= VARIANTS
    return mark_safe(  # noqa: S308 - drawn from constants above, no outside text
        f'<svg class="illustration" viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="xMidYMid slice" '
        f'aria-hidden="true" focusable="false" data-picture="{motif}-{variant}">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{PAPER[variant]}"/>'
        f"{_decoration(variant)}{draw()}</svg>"
    )


def kind_illustration(kind, variant=0):
    return illustration(KIND_MOTIFS.get(kind, "heart"), variant)
