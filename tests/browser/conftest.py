"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a real `kiosk serve`."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from bench.harness import CHROMIUM, CHROMIUM_FLAGS

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
SCREENSHOTS = Path(__file__).with_name("screenshots")


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser profiles (one per person), closed after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(locale="fr-FR", **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def workshop(live_server):
    """A workshop on the live server; returns its code."""
    return json.loads(live_server.run("workshop", "create", "--title", "Café numérique", "--json"))["code"]


def axe_violations(page):
    """Run axe-core in the page for WCAG 2.x A and AA; returns the violations, readable.

    The page's context must be opened with bypass_csp=True: Kiosk's own policy forbids injected scripts.
    """
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    return [
        f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
    ]


def screenshot(page, name):
    """Keep a picture of what a person sees, for looking at after the run."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
