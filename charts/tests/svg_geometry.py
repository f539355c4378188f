"""Reading the geometry of server-rendered SVG back, for tests: the viewBox, and every plotted coordinate.

Supports what the project's charts (and the score sheet's QR code) draw: polyline, polygon, path (M L H V Z,
absolute and relative), circle, rect and line, under ``translate``/``scale`` transforms. Anything else raises,
so that a new kind of drawing cannot slip past the bounds check unread.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_SVG_IN_HTML = re.compile(r"<svg\b.*?</svg>", re.S)
SHAPES = {"polyline", "polygon", "path", "circle", "rect", "line"}
"""The elements whose coordinates are checked."""
IGNORED = {"svg", "g", "title", "desc", "text", "tspan", "defs"}
"""Elements without plotted coordinates (text is placed by the font-size work and not a plotted value)."""


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    tag: str
    source: str

    def __str__(self) -> str:
        return f"({self.x:g}, {self.y:g}) of <{self.tag} {self.source[:90]}>"


def svgs_in_html(html: str) -> list[str]:
    """Every <svg>…</svg> in a page (the project's SVGs are never nested)."""
    return _SVG_IN_HTML.findall(html)


def parse(svg: str) -> ET.Element:
    """The SVG as an element tree; an SVG without its namespace (inline in HTML) is read as well."""
    if "xmlns=" not in svg.split(">", 1)[0]:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return ET.fromstring(svg)


def tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _number(text: str | None, what: str) -> float:
    if text is None:
        raise AssertionError(f"missing {what}")
    value = float(text.strip().removesuffix("px"))
    if not math.isfinite(value):
        raise AssertionError(f"{what} is {text!r}: a missing value was drawn")
    return value


def viewbox(root: ET.Element) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) of the picture: its viewBox, else its width and height."""
    box = root.get("viewBox")
    if box:
        x, y, w, h = (_number(v, "viewBox") for v in re.split(r"[\s,]+", box.strip()))
        return x, y, x + w, y + h
    return 0.0, 0.0, _number(root.get("width"), "width"), _number(root.get("height"), "height")


Affine = tuple[float, float, float, float]
"""(scale x, scale y, translate x, translate y): what the charts' transforms need."""


def _transform(text: str | None, outer: Affine) -> Affine:
    sx, sy, tx, ty = outer
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text or ""):
        values = [float(v) for v in re.findall(_NUMBER, args)]
        if name == "translate":
            dx, dy = values[0], values[1] if len(values) > 1 else 0.0
            tx, ty = tx + sx * dx, ty + sy * dy
        elif name == "scale":
            kx, ky = values[0], values[1] if len(values) > 1 else values[0]
            sx, sy = sx * kx, sy * ky
        else:
            raise AssertionError(f"transform {name}() is not read by the bounds check: {text}")
    return sx, sy, tx, ty


def _pairs(text: str) -> list[tuple[float, float]]:
    numbers = [_number(v, "points") for v in re.split(r"[\s,]+", text.strip()) if v]
    if len(numbers) % 2:
        raise AssertionError(f"odd number of coordinates in points {text[:80]!r}")
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def _path(d: str) -> list[tuple[float, float]]:
    tokens = re.findall(rf"[A-Za-z]|{_NUMBER}|nan|inf", d)
    points: list[tuple[float, float]] = []
    x = y = start_x = start_y = 0.0
    command = ""
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha() and tokens[i] not in ("nan", "inf"):
            command = tokens[i]
            i += 1
            if command in "Zz":
                x, y = start_x, start_y
                continue
        if command not in "MmLlHhVv":
            raise AssertionError(f"path command {command!r} is not read by the bounds check: {d[:80]}")
        relative = command.islower()
        if command in "MmLl":
            dx, dy = _number(tokens[i], "path"), _number(tokens[i + 1], "path")
            i += 2
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            if command in "Mm":
                start_x, start_y = x, y
                command = "l" if relative else "L"  # further pairs after a moveto are lines
        elif command in "Hh":
            value = _number(tokens[i], "path")
            i += 1
            x = x + value if relative else value
        else:
            value = _number(tokens[i], "path")
            i += 1
            y = y + value if relative else value
        points.append((x, y))
    return points


def _local_points(element: ET.Element) -> list[tuple[float, float]]:
    name = tag(element)
    if name in ("polyline", "polygon"):
        return _pairs(element.get("points", ""))
    if name == "path":
        return _path(element.get("d", ""))
    if name == "circle":
        cx, cy = _number(element.get("cx"), "cx"), _number(element.get("cy"), "cy")
        r = _number(element.get("r", "0"), "r")
        return [(cx - r, cy - r), (cx + r, cy + r)]
    if name == "rect":
        x, y = _number(element.get("x", "0"), "x"), _number(element.get("y", "0"), "y")
        w, h = _number(element.get("width"), "width"), _number(element.get("height"), "height")
        if w < 0 or h < 0:
            raise AssertionError(f"a rect with a negative size: {ET.tostring(element, encoding='unicode')[:120]}")
        return [(x, y), (x + w, y + h)]
    if name == "line":
        return [
            (_number(element.get("x1", "0"), "x1"), _number(element.get("y1", "0"), "y1")),
            (_number(element.get("x2", "0"), "x2"), _number(element.get("y2", "0"), "y2")),
        ]
    return []


def points(root: ET.Element, tags: set[str] = SHAPES) -> Iterator[Point]:
    """Every coordinate of the shapes named in ``tags``, in the SVG's own user units."""

    def walk(element: ET.Element, affine: Affine) -> Iterator[Point]:
        name = tag(element)
        if name not in SHAPES and name not in IGNORED:
            raise AssertionError(f"<{name}> is not read by the bounds check")
        affine = _transform(element.get("transform"), affine) if element is not root else affine
        if name in tags:
            sx, sy, tx, ty = affine
            source = " ".join(f'{k}="{v}"' for k, v in element.attrib.items())
            for x, y in _local_points(element):
                yield Point(sx * x + tx, sy * y + ty, name, source)
        for child in element:
            yield from walk(child, affine)

    yield from walk(root, (1.0, 1.0, 0.0, 0.0))


def outside_viewbox(svg: str, tolerance: float = 0.05) -> list[str]:
    """The plotted points of ``svg`` that lie outside its viewBox (an empty list when all fit)."""
    root = parse(svg)
    x0, y0, x1, y1 = viewbox(root)
    return [
        f"{p} outside the viewBox {x0:g} {y0:g} {x1:g} {y1:g}"
        for p in points(root)
        if not (x0 - tolerance <= p.x <= x1 + tolerance and y0 - tolerance <= p.y <= y1 + tolerance)
    ]
