"""The stylesheet: readable colours (WCAG AA contrast), visible focus, reduced motion, print rules."""

from __future__ import annotations

import re

import pytest

from web.config import PROJECT_ROOT

CSS = (PROJECT_ROOT / "web" / "static" / "css" / "site.css").read_text(encoding="utf-8")
COLOURS = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", CSS))
# (text, background) pairs a reader sees; every one needs at least 4.5:1.
PAIRS = [
    ("text", "background"),
    ("secondary-text", "background"),
    ("link", "background"),
    ("link-visited", "background"),
    ("link-hover", "background"),
    ("focus-text", "focus"),
    ("header-text", "header-background"),
    ("button-text", "button-background"),
    ("button-secondary-text", "button-secondary-background"),
    ("error-text", "background"),
    ("free-text", "free-background"),
    ("sample-text", "sample-background"),
    ("tag-text", "tag-background"),
    ("panel-text", "panel-background"),
    ("open-text", "background"),
]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_colours_have_at_least_4_5_to_1_contrast(text, background):
    assert contrast(COLOURS[text], COLOURS[background]) >= 4.5


def test_the_focus_colour_stands_out_from_the_page_and_the_header():
    assert contrast(COLOURS["focus"], COLOURS["header-background"]) >= 3
    assert ":focus" in CSS and "outline: 3px solid" in CSS


def test_motion_is_reduced_for_readers_who_ask_and_pages_print_without_navigation():
    assert "@media (prefers-reduced-motion: reduce)" in CSS
    print_rules = CSS[CSS.index("@media print") :]
    for selector in (".site-header", ".site-footer", ".language-switcher", ".no-print", "form"):
        assert selector in print_rules


def test_layout_rules_mirror_for_right_to_left_pages():
    physical = re.findall(r"(?<![-\w])(margin|padding|border)-(left|right)\s*:", CSS)
    assert physical == [], "use logical properties (margin-inline-start...) so RTL pages mirror"
