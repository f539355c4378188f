"""Keyboard and phone: at 390 px the pages fit the screen, the content starts on the first screen, the
navigation folds behind a "Menu" button, tables and charts stay readable; the skip link shows when focused."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from organisations.models import Person, Team
from scoresheet.models import ScoringRound
from tests.browser.fixtures import assert_accessible, browser_login

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844


def _open_round_code() -> str:
    scoring_round = ScoringRound.objects.filter(team__name="Team Noord", status="open").order_by("pk").first()
    assert scoring_round is not None, "the demo has an open scoring round for Team Noord"
    return scoring_round.code


def _pages() -> list[tuple[str, str, str]]:
    """(user, url, what) for the pages a phone user opens most."""
    noord = Team.objects.get(name="Team Noord")
    own = Person.objects.get(user__username="jeugdbeschermer.noord")
    return [
        ("teammanager.noord", reverse("accounts:home"), "home"),
        ("teammanager.noord", reverse("monitoring:team", kwargs={"team_id": noord.id}), "team dashboard"),
        ("jeugdbeschermer.noord", reverse("monitoring:person", kwargs={"person_id": own.id}), "own page"),
        ("jeugdbeschermer.noord", f"{reverse('scoresheet:join')}?code={_open_round_code()}", "score sheet"),
    ]


def _fits_the_phone(page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{what}: the page scrolls sideways ({width} px wide)"
    h1_top = page.evaluate("document.querySelector('h1').getBoundingClientRect().top")
    assert h1_top < HEIGHT, f"{what}: the <h1> starts below the first screen ({h1_top} px)"
    assert h1_top < 200, f"{what}: header and menu take {h1_top} px before the content"


def _menu_toggles_with_the_keyboard(page, what: str) -> None:
    button = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Hoofdnavigatie")
    assert button.is_visible(), f"{what}: no Menu button on a phone"
    assert button.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible(), f"{what}: the navigation is open before the Menu button is pressed"
    # Tab from the top of the page: skip link, brand, then the Menu button.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()
    assert nav.get_by_role("link", name="Caseloadmonitoring").is_visible()
    page.keyboard.press("Space")
    assert button.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # into the menu; Escape closes it and returns focus to the button
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"


@pytest.mark.parametrize("index", range(4), ids=["home", "team-dashboard", "own-page", "score-sheet"])
def test_phone_pages_fit_and_the_menu_folds(live_demo, mobile_page, index):
    user, url, what = _pages()[index]
    browser_login(mobile_page, live_demo.url, user)
    mobile_page.goto(live_demo.url + url)
    _fits_the_phone(mobile_page, what)
    _menu_toggles_with_the_keyboard(mobile_page, what)
    assert_accessible(mobile_page, f"({what} at {WIDTH} px)")


def test_the_menu_stays_open_on_a_laptop_on_one_line(live_demo, page):
    browser_login(page, live_demo.url, "teammanager.noord")
    page.goto(live_demo.url + reverse("accounts:home"))
    assert not page.get_by_role("button", name="Menu").is_visible()
    nav = page.get_by_role("navigation", name="Hoofdnavigatie")
    assert nav.is_visible()
    tops = page.evaluate(
        "Array.from(document.querySelectorAll('.site-nav__link')).map(a => a.getBoundingClientRect().top)"
    )
    assert len(tops) >= 8 and len(set(tops)) == 1, f"the navigation wraps onto {len(set(tops))} lines at 1280 px"


def _luminance(rgb: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("fixture", ["page", "mobile_page"])
def test_the_skip_link_shows_with_contrast_when_focused(live_demo, request, fixture):
    pg = request.getfixturevalue(fixture)
    browser_login(pg, live_demo.url, "teammanager.noord")
    pg.goto(live_demo.url + reverse("accounts:home"))
    pg.keyboard.press("Tab")
    link = pg.get_by_role("link", name="Direct naar de inhoud")
    assert pg.evaluate("document.activeElement.textContent.trim()") == "Direct naar de inhoud"
    box = link.bounding_box()
    viewport = pg.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    colour, background, outline = pg.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); "
        "return [s.color, s.backgroundColor, s.outlineStyle]; })()"
    )
    assert _contrast(colour, background) >= 4.5, (colour, background)
    assert outline != "none"
    pg.keyboard.press("Enter")
    assert pg.evaluate("document.activeElement.id") == "main"


def test_team_members_are_cards_on_a_phone_and_a_table_on_a_laptop(live_demo, mobile_page, page):
    url = reverse("monitoring:team", kwargs={"team_id": Team.objects.get(name="Team Noord").id})
    for pg in (mobile_page, page):
        browser_login(pg, live_demo.url, "teammanager.noord")
        pg.goto(live_demo.url + url)
    cells = mobile_page.evaluate(
        """Array.from(document.querySelectorAll('#members tbody td')).map(td => {
             const r = td.getBoundingClientRect();
             return {label: getComputedStyle(td, '::before').content, left: r.left, right: r.right}; })"""
    )
    assert cells, "no member rows"
    assert all(c["left"] >= 0 and c["right"] <= WIDTH for c in cells), "a column is off-screen at 390 px"
    assert '"Weken erbuiten"' in {c["label"] for c in cells}
    assert '"Signaal"' in {c["label"] for c in cells}
    # On a laptop it is a real table, with its column headers.
    assert page.evaluate("getComputedStyle(document.querySelector('#members table')).display") == "table"
    assert page.get_by_role("columnheader", name="Weken erbuiten").is_visible()


CHART_TEXT = """Array.from(document.querySelectorAll('svg.chart')).map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = Array.from(svg.querySelectorAll('text')).map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const box = svg.closest('.chart-scroll');
  return {min: Math.min(...sizes), scrolls: box ? box.scrollWidth > box.clientWidth : false,
          label: box ? box.getAttribute('aria-label') : null, focusable: box ? box.tabIndex === 0 : false};
})"""


def test_chart_text_is_legible_on_a_phone(live_demo, mobile_page):
    browser_login(mobile_page, live_demo.url, "teammanager.noord")
    mobile_page.goto(
        live_demo.url + reverse("monitoring:team", kwargs={"team_id": Team.objects.get(name="Team Noord").id})
    )
    charts = mobile_page.evaluate(CHART_TEXT)
    assert len(charts) >= 4
    for chart in charts:
        assert chart["min"] >= 11.9, f"chart text renders at {chart['min']:.1f} px on a phone"
        assert chart["label"] and chart["focusable"], "a chart's scroll box needs a name and keyboard focus"
    assert any(c["scrolls"] for c in charts)  # wide charts scroll inside their box, not the page
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def _score_sheet(pg, base_url: str) -> None:
    pg.goto(f"{base_url}{reverse('scoresheet:join')}?code={_open_round_code()}")
    if pg.locator("input[name=function]").count():  # a round with factors per function asks for it first
        pg.locator("input[name=function]").first.check()
        pg.locator("form button[type=submit]").last.click()
        pg.wait_for_load_state("networkidle")


def test_the_score_sheet_shows_progress(live_demo, mobile_page):
    _score_sheet(mobile_page, live_demo.url)
    factors = mobile_page.locator("fieldset[data-score-factor]")
    total = factors.count()
    assert total >= 10
    progress = mobile_page.locator("[data-score-progress]")
    assert progress.inner_text().strip() == f"0 van {total} beantwoord"
    for i in (0, 1, 4):
        factors.nth(i).locator(":scope > .choices label").nth(2).click()
    factors.nth(0).locator(":scope > .choices label").nth(3).click()  # another score for the same factor
    assert progress.inner_text().strip() == f"3 van {total} beantwoord"
    assert mobile_page.evaluate("document.querySelector('[data-score-progress] progress').value") == 3
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert_accessible(mobile_page, "(score sheet with progress)")


def test_the_score_sheet_shows_the_total_without_javascript(live_demo, browser):
    context = browser.new_context(
        locale="nl-NL", viewport={"width": WIDTH, "height": HEIGHT}, java_script_enabled=False
    )
    pg = context.new_page()
    try:
        browser_login(pg, live_demo.url, "jeugdbeschermer.noord")
        _score_sheet(pg, live_demo.url)
        total = pg.locator("fieldset[data-score-factor]").count()
        assert pg.locator("[data-score-progress]").inner_text().strip() == f"{total} factoren om te beantwoorden"
        assert not pg.locator("[data-score-progress] progress").is_visible()
        # Without JavaScript the navigation is simply shown: no Menu button that would do nothing.
        assert not pg.get_by_role("button", name="Menu").is_visible()
        assert pg.get_by_role("navigation", name="Hoofdnavigatie").is_visible()
    finally:
        context.close()
