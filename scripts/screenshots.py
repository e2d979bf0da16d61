"""Take the workspace screenshots in docs/screenshots/ from a running server.

    python3 dev.py run            # in one terminal, then in another:
    PASSWORD="$(awk '$1=="reviewer"{print $2}' var/demo-logins.txt)"
    .venv/bin/python scripts/screenshots.py --password "$PASSWORD"

Drives Chromium (FACTCHECK_CHROMIUM, /usr/bin/chromium by default) through Playwright:
the article page, the claim panel and the claim table at 1440 px and 390 px wide, in
the light scheme and the article page in the dark one; and the login page, the
dashboard and the new-article form. With `--editor-password` (the editor's, from the
same file) also the editor's pages: the review queue, the editor's dashboard, the
desk's agreement and the gap dashboard. Opening pages and panels is read-only, so
the script changes nothing on the server.
"""

import argparse
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip
WIDTHS = {"1440": (1440, 900), "390": (390, 844)}


def log_in(page, base: str, user: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def shoot(browser, base, args, out: Path, width: str, scheme: str = "light") -> None:
    w, h = WIDTHS[width]
    context = browser.new_context(
        viewport={"width": w, "height": h}, color_scheme=scheme, device_scale_factor=1
    )
    page = context.new_page()
    if width == "1440" and scheme == "light":
        page.goto(f"{base}/accounts/login/")
        page.screenshot(path=out / "login.png")
    log_in(page, base, args.user, args.password)
    if width == "1440" and scheme == "light":
        page.goto(f"{base}/")
        page.screenshot(path=out / "dashboard.png")
        page.goto(f"{base}/articles/new/")
        page.screenshot(path=out / "new-article.png")
    article = f"{base}/articles/{args.article}/"
    suffix = "" if scheme == "light" else "-dark"

    page.goto(article)
    page.wait_for_selector("#article-body")
    page.screenshot(path=out / f"workspace-article-{width}{suffix}.png")
    if scheme != "light":
        context.close()
        return

    # The panel of the first check-worthy claim, opened as a reader would: a click.
    first = page.locator("#article-body .seg.kind-claim:not(.cw-muted) .txt").first
    first.click()
    page.wait_for_selector("#claim-panel[data-claim]")
    page.wait_for_timeout(400)  # htmx settles the swap
    page.screenshot(path=out / f"workspace-panel-{width}.png")

    page.goto(f"{base}/articles/{args.article}/table/")
    page.wait_for_selector("#claim-table")
    page.screenshot(path=out / f"workspace-table-{width}.png")
    context.close()


def shoot_editor(browser, base, args, out: Path) -> None:
    w, h = WIDTHS["1440"]
    context = browser.new_context(viewport={"width": w, "height": h})
    page = context.new_page()
    log_in(page, base, args.editor, args.editor_password)
    for path, name in (
        ("/review/", "editor-queue.png"),
        ("/", "editor-dashboard.png"),
        ("/desk/?period=all", "desk-agreement.png"),
        ("/gaps/", "gap-dashboard.png"),
    ):
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=out / name)
    context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="reviewer")
    parser.add_argument("--password", required=True)
    parser.add_argument("--article", type=int, default=1)
    parser.add_argument("--editor", default="editor")
    parser.add_argument("--editor-password", help="also shoot the editor's pages")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for width in WIDTHS:
            shoot(browser, args.base, args, args.out, width)
        shoot(browser, args.base, args, args.out, "1440", scheme="dark")
        if args.editor_password:
            shoot_editor(browser, args.base, args, args.out)
        browser.close()
    names = ("workspace-*.png", "login.png", "dashboard.png", "new-article.png")
    if args.editor_password:
        names += (
            "editor-queue.png",
            "editor-dashboard.png",
            "desk-agreement.png",
            "gap-dashboard.png",
        )
    for path in sorted(p for name in names for p in args.out.glob(name)):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
