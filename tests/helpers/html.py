"""Read a rendered page's structure: headings, landmarks, images, form controls, inline code."""

from html.parser import HTMLParser

CONTROL_TAGS = {"input", "select", "textarea"}
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}
LANDMARK_TAGS = {"header", "nav", "main", "footer"}


class PageStructure(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.headings = []  # (level, text)
        self.landmarks = set()
        self.images_without_alt = []
        self.controls = []  # (tag, attrs, inside_label)
        self.label_targets = set()
        self.inline_scripts = 0
        self.style_attributes = []
        self.handler_attributes = []
        self.ids = []
        self._label_depth = 0
        self._heading = None
        self._script_has_src = False
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if "style" in attrs:
            self.style_attributes.append(tag)
        self.handler_attributes += [name for name in attrs if name.startswith("on")]
        if tag in LANDMARK_TAGS:
            self.landmarks.add(tag)
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self._heading = [int(tag[1]), ""]
        if tag == "img" and not attrs.get("alt", "").strip() and attrs.get("aria-hidden") != "true":
            self.images_without_alt.append(attrs.get("src"))
        if tag == "label":
            self._label_depth += 1
            if attrs.get("for"):
                self.label_targets.add(attrs["for"])
        if tag in CONTROL_TAGS and not (tag == "input" and attrs.get("type") in UNLABELLED_INPUT_TYPES):
            self.controls.append((tag, attrs, self._label_depth > 0))
        if tag == "script":
            self._in_script = True
            self._script_has_src = bool(attrs.get("src"))

    def handle_endtag(self, tag):
        if self._heading and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None
        if tag == "label":
            self._label_depth -= 1
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data
        if self._in_script and not self._script_has_src and data.strip():
            self.inline_scripts += 1

    # What a page must satisfy -------------------------------------------------

    def problems(self):
        problems = []
        levels = [level for level, _ in self.headings]
        if levels.count(1) != 1:
            problems.append(f"expected one h1, found {levels.count(1)}: {self.headings}")
        if levels and levels[0] != 1:
            problems.append(f"first heading is h{levels[0]}, not h1")
        for previous, current in zip(levels, levels[1:], strict=False):
            if current > previous + 1:
                problems.append(f"heading skips from h{previous} to h{current}: {self.headings}")
                break
        if not LANDMARK_TAGS <= self.landmarks:
            problems.append(f"missing landmarks: {LANDMARK_TAGS - self.landmarks}")
        if self.images_without_alt:
            problems.append(f"images without alt text: {self.images_without_alt}")
        for tag, attrs, inside_label in self.controls:
            labelled = inside_label or attrs.get("id") in self.label_targets
            labelled = labelled or attrs.get("aria-label") or attrs.get("aria-labelledby")
            if not labelled:
                problems.append(f"unlabelled {tag}: {attrs}")
        if self.inline_scripts:
            problems.append(f"{self.inline_scripts} inline script block(s)")
        if self.style_attributes:
            problems.append(f"style attributes on {self.style_attributes}")
        if self.handler_attributes:
            problems.append(f"event handler attributes {self.handler_attributes}")
        duplicates = {value for value in self.ids if self.ids.count(value) > 1}
        if duplicates:
            problems.append(f"duplicate ids {duplicates}")
        if (self.lang or "").lower() not in {"zh-hans", "zh-cn", "zh"}:
            problems.append(f"html lang is {self.lang!r}")
        return problems


def structure(response):
    return PageStructure(response.content.decode())


def tile(html, label):
    """The value shown on the figure tile labelled `label` (unit not included)."""
    import re

    match = re.search(
        r'<span class="figure-value">([^<]*)</span>(?:<span class="figure-unit">[^<]*</span>)?\s*'
        r'<span class="figure-label">(?:<a [^>]*>)?' + re.escape(label) + "<",
        html,
    )
    assert match, f"no figure tile labelled {label}"
    return match.group(1)
