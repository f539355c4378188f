"""Dutch style everywhere: the visible text of every page and every PDF of the demo, as each demo user sees it.

Every route (as tests/browser/test_every_page.py walks them, from accounts/tests/urlmap.py) is opened with the
Django test client by the demo users of both organisations; the text a person reads is extracted (HTML: the text
nodes outside <script>/<style>; PDF: ``pdftotext``) and checked against the house style of docs/conventions.md:

- dates as "4 december 2026" or "4-12-2026", never ISO ("2026-01-04") and never English ("Dec 4");
- month names and abbreviations in lowercase ("7 dec 2026", "okt"), never "Okt" or "December";
- a decimal comma ("2,5"), never a decimal point ("32.00"; "1.250" is a thousands separator and allowed);
- "fte" in lowercase, never "FTE" or "Fte";
- no English leftovers (" cases", "week of", "None", "True", "False", …);
- no empty placeholder: a label followed by nothing ("normatieve caseload van : ", "()");
- "je", never "u" or "uw".
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.tests.urlmap import kwargs_for, routes

ORGANISATIONS = {
    "veldstroom": [
        "beheer.veldstroom",
        "teammanager.noord",
        "gedragswetenschapper.noord",
        "beleid.veldstroom",
        "jeugdbeschermer.noord",
        "hr.veldstroom",
        "or.veldstroom",
    ],
    "heidemeer": ["beheer.heidemeer", "teammanager.heidemeer", "beleid.heidemeer", "jeugdconsulent.heidemeer"],
}
NOT_PAGES = {"accounts:logout", "set_language", "healthz"}

MONTHS_NL = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ABBR_NL = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec"]
ABBR_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_CAPITALISED = sorted({m.capitalize() for m in MONTHS_NL + ABBR_NL} | set(MONTHS_EN) | set(ABBR_EN), key=len)[::-1]

RULES: list[tuple[str, re.Pattern[str]]] = [
    ("ISO date in prose (write 4-1-2026 or 4 januari 2026)", re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")),
    (
        "capitalised or English month after a day (write '4 dec 2026')",
        re.compile(r"\b\d{1,2}\.? (?:" + "|".join(_CAPITALISED) + r")\b"),
    ),
    ("English date order ('Dec 4')", re.compile(r"\b(?:" + "|".join(MONTHS_EN + ABBR_EN) + r")\.? \d{1,2}\b")),
    (
        "capitalised month abbreviation (write 'okt', 'dec')",
        re.compile(r"\b(?:Jan|Feb|Mrt|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dec)\b"),
    ),
    # a decimal point: 12.5 or 32.00, but not a thousands separator (1.250), a version or a dotted number (1.2.3)
    ("decimal point (write a decimal comma)", re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.])|(?<![\d.,])\d+\.\d{4,}\b")),
    ("'FTE' or 'Fte' (write 'fte')", re.compile(r"\b(?:FTE|Fte)s?\b")),
    (
        "English leftover",
        re.compile(
            r"\bcases\b|\bweek of\b|\bNone\b|\bTrue\b|\bFalse\b|\bper FTE\b|\bthe\b|\band\b|\bwith\b"
            r"|\bnan\b|\bNaN\b|\bfrom\b|\bthrough\b|\bYour\b|\bPage\b|\bSave\b|\bCancel\b"
        ),
    ),
    ("empty placeholder (a label followed by nothing)", re.compile(r"\w \:(?:\s|$)|\(\s*\)|\w\s*:\s*[,.;)]")),
    ("'u' or 'uw' (the Dutch says 'je')", re.compile(r"\b(?:u|uw|Uw)\b")),
]


class _VisibleText(HTMLParser):
    """The text a person reads: text nodes outside script/style/template, block elements on a line of their own."""

    SKIP = {"script", "style", "template", "noscript"}
    BLOCK = {
        "p", "div", "li", "ul", "ol", "tr", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "br",
        "caption", "table", "section", "header", "footer", "nav", "main", "form", "label", "option", "button",
        "legend", "fieldset", "summary", "details", "figcaption", "title", "desc", "text", "tspan", "small", "pre",
        "textarea", "select", "input", "article", "aside", "blockquote",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(" ".join(line.split()) for line in "".join(parser.parts).splitlines() if line.strip())


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf.name, "-"], capture_output=True, check=True)
    text = out.stdout.decode()
    # pdftotext ends a line where the PDF wraps it; a word broken over two lines is one word again
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def style_problems(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for rule, pattern in RULES:
            for match in pattern.finditer(line):
                found.append(f"{rule}: {match.group(0)!r} in {line[:160]!r}")
    return found


# ------------------------------------------------------------------------------------------------------------
# The rules themselves (a test that cannot fail is a defect)


@pytest.mark.parametrize(
    "bad",
    [
        "32.00–36.00 (2027-01-04)",
        "5 Okt",
        "7 Dec 2026",
        "Dec 4",
        "Bandbreedte 30–35 per FTE",
        "12,1 Fte",
        "446 cases",
        "Leden in de week of 4-12-2026",
        "Signaal: None",
        "normatieve caseload van : ",
        "Afwijking ()",
        "Heeft u vragen?",
        "4 December 2026",
    ],
)
def test_the_rules_catch_what_is_not_dutch_style(bad):
    assert style_problems(bad), bad


@pytest.mark.parametrize(
    "good",
    [
        "32–36 per fte, vanaf 4 januari 2027",
        "7 dec 2026",
        "4-12-2026",
        "1.250 casussen",
        "12,1 fte",
        "versie 2.1.0",
        "Inzetbare fte vandaag: 0,57",
        "Normatieve caseload: 446",
        "Je rol: teammanager",
        "om 14:30",
    ],
)
def test_the_rules_let_dutch_style_pass(good):
    assert style_problems(good) == [], good


def test_visible_text_skips_scripts_and_styles_and_keeps_svg_labels():
    html = (
        "<html><head><style>p{x:1.5em}</style><script>let a = 2026-01-04;</script></head>"
        '<body><p>Week van <b>4 december 2026</b></p><svg><text x="1.5">5 okt</text></svg>'
        '<input type="date" value="2026-01-04"></body></html>'
    )
    assert visible_text(html) == "Week van 4 december 2026\n5 okt"


# ------------------------------------------------------------------------------------------------------------
# Every page and every PDF of the demo


def _clients(usernames: list[str]) -> dict[str, Client]:
    clients = {}
    for username in usernames:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        clients[username] = client
    return clients


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_every_page_and_every_pdf_is_written_in_dutch_style(db):
    from organisations.models import Organisation

    problems: dict[str, list[str]] = {}
    pages = pdfs = 0
    seen_texts: set[int] = set()
    for slug, usernames in ORGANISATIONS.items():
        organisation = Organisation.objects.get(slug=slug)
        clients = {"": Client(), **_clients(usernames)}
        for route in routes():
            if route.name in NOT_PAGES or route.name.startswith("api:"):
                continue
            url = reverse(route.name, kwargs=kwargs_for(route, organisation))
            for username, client in clients.items():
                response = client.get(url)
                if response.status_code != 200:
                    continue
                kind = response.get("Content-Type", "")
                if kind.startswith("application/pdf"):
                    text, pdfs = pdf_text(response.content), pdfs + 1
                elif kind.startswith("text/html"):
                    text, pages = visible_text(response.content.decode()), pages + 1
                else:
                    continue
                if hash(text) in seen_texts:
                    continue
                seen_texts.add(hash(text))
                for problem in style_problems(text):
                    problems.setdefault(problem, []).append(f"{url} as {username or 'anonymous'}")
                if kind.startswith("application/pdf"):
                    break  # a PDF is the page's HTML printed: one user per URL (WeasyPrint is slow)
    report = [f"{problem}\n    on {', '.join(sorted(set(where))[:3])}" for problem, where in problems.items()]
    assert report == [], f"{len(report)} style problems:\n" + "\n".join(report[:400])
    assert pages >= 150 and pdfs >= 2, (pages, pdfs)


def test_the_home_page_says_je_rol_for_one_role_and_je_rollen_for_several(login):
    from accounts.models import Membership

    seen = set()
    for username in ORGANISATIONS["veldstroom"] + ORGANISATIONS["heidemeer"]:
        n = Membership.objects.filter(user__username=username).values("role").distinct().count()
        text = visible_text(login(username).get(reverse("accounts:home")).content.decode())
        expected = "Je rol:" if n == 1 else "Je rollen:"
        assert expected in text, (username, n)
        seen.add(expected)
    assert "Je rol:" in seen


def test_a_band_is_named_in_dutch_style_in_a_form_choice(db):
    from monitoring.models import Bandwidth

    band = Bandwidth.objects.filter(lower_per_fte__isnull=False).order_by("valid_from").first()
    text = str(band)
    assert style_problems(text) == [], text
    assert " per fte, vanaf " in text and text.startswith(f"{band.team}: ")
