"""One user's journey through the portal in a browser, with the checks every page it reaches must pass:

- the page is no wider than the screen (`document.documentElement.scrollWidth` <= the viewport's width);
- axe-core finds no serious or critical violation;
- the server did not answer 5xx, and the content security policy blocked nothing.

Every navigation goes through `visit`, `follow` or `submit`, which call `after_navigation`; a change made in place
(htmx) calls `after_navigation` itself. Problems of width and accessibility are collected and reported together by
`finish()`, so one run names every page that needs work; a step the user cannot take fails at once."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

AXE_URL = "/static/vendor/axe-core/axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")

# The elements that stick out past the right edge of the screen, widest first: what a person fixing it needs.
_OVERFLOWING = """(limit) => {
  const width = window.innerWidth;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    else if (el.classList.length) s += "." + Array.from(el.classList).slice(0, 2).join(".");
    return s;
  };
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0) {
      let chain = describe(el), parent = el.parentElement, depth = 0;
      while (parent && parent !== document.body && depth < 3) { chain = describe(parent) + " > " + chain;
        parent = parent.parentElement; depth++; }
      found.push([Math.round(box.right), chain]);
    }
  }
  found.sort((a, b) => b[0] - a[0]);
  const seen = new Set(), described = [];
  for (const [right, chain] of found) {
    if (seen.has(chain)) continue;
    seen.add(chain);
    described.push(`${chain} (to ${right}px)`);
  }
  return described.slice(0, limit);
}"""

# A page is looked at once htmx has finished swapping and no transition runs (a fading element has, for a moment,
# too little contrast).
_SETTLED = """() => !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
  && document.getAnimations().every(a => a.playState !== "running")"""

_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 4).map(n => n.target.join(" "))}));
}"""


@dataclass(repr=False)
class Journey:
    name: str
    width: int
    page: Page
    base_url: str
    logins: dict[str, str]
    shots: Path
    visited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    final_shot: Path | None = None
    saved: list[Path] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Journey {self.name} at {self.width}px on {self.path}>"

    def __post_init__(self):
        self.page.on("response", self._on_response)
        self.page.on("console", self._on_console)
        self.page.on("dialog", self._on_dialog)

    # --- moving around --------------------------------------------------------------------------------------

    def visit(self, path: str) -> None:
        """Open an address as a user would from a bookmark or a printed link."""
        self.page.goto(self.base_url + path)
        self.after_navigation()

    def follow(self, target: Locator) -> None:
        """Click a link or a submit button that loads a new page."""
        expect(target).to_be_visible()
        with self.page.expect_navigation():
            target.click()
        self.after_navigation()

    submit = follow

    def nav(self, name: str | re.Pattern) -> None:
        """Follow a link of the main navigation, opening the phone menu first where it is collapsed."""
        toggle = self.page.get_by_role("button", name="Danh mục")
        if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        menu = self.page.get_by_role("navigation", name="Điều hướng chính")
        self.follow(menu.get_by_role("link", name=name, exact=isinstance(name, str)))

    def sign_in(self, username: str) -> str:
        """Sign in through the login form with the password `demo_logins` prints; returns the landing path."""
        assert username in self.logins, f"`manage.py demo_logins` prints no login {username!r}: {sorted(self.logins)}"
        self.visit("/")
        self.follow(self.page.get_by_role("link", name="Đăng nhập"))
        form = self.page.locator("main form")
        form.get_by_label(re.compile(r"Tên đăng nhập|thư điện tử|e-?mail", re.IGNORECASE)).fill(username)
        form.get_by_label("Mật khẩu").fill(self.logins[username])
        self.submit(form.get_by_role("button", name="Đăng nhập"))
        expect(self.page.get_by_role("button", name="Đăng xuất")).to_be_visible()
        print(f"{username} signed in and landed on {self.path}")
        return self.path

    def take_step(self, label: str, *, note: str = "", within: Locator | None = None) -> None:
        """Press an irreversible action's button, read its confirmation page, and confirm with the same label
        (writing `note` in the confirmation's note field, where it has one)."""
        scope = within or self.page.locator("main")
        self.submit(scope.get_by_role("button", name=label, exact=True))
        expect(self.page.get_by_text("Xác nhận trước khi thực hiện")).to_be_visible()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text(label)
        confirmation = self.page.locator("main form").filter(has=self.page.get_by_role("button", name=label))
        if note:
            confirmation.get_by_role("textbox").fill(note)
        self.submit(confirmation.get_by_role("button", name=label, exact=True))

    def download(self, target: Locator) -> tuple[str, bytes]:
        """Click a link that downloads a file; returns the offered name and the bytes."""
        with self.page.expect_download() as started:
            target.click()
        download = started.value
        return download.suggested_filename, Path(download.path()).read_bytes()

    @property
    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    # --- the checks of every page ---------------------------------------------------------------------------

    def after_navigation(self) -> None:
        """Check the page now on screen: its width, then axe-core."""
        self.page.wait_for_load_state("load")
        self.page.wait_for_function(_SETTLED)
        where = self.path
        self.visited.append(where)
        scroll_width = self.page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > self.width:
            culprits = self.page.evaluate(_OVERFLOWING, 4)
            self.problems.append(
                f"[width] {where}: page is {scroll_width}px wide on a {self.width}px screen; "
                f"sticking out: {'; '.join(culprits) or '?'}"
            )
        for violation in self._axe_violations():
            self.problems.append(
                f"[axe {violation['impact']}] {where}: {violation['id']} ({violation['help']}) "
                f"at {' | '.join(violation['targets'])}"
            )

    def _axe_violations(self) -> list[dict]:
        # Loaded from the portal's own static files, so the page's CSP (script-src 'self') stays on.
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(url=self.base_url + AXE_URL)
        return [v for v in self.page.evaluate(_AXE_RUN) if v["impact"] in BLOCKING_IMPACTS]

    def _on_response(self, response) -> None:
        if response.status >= 500:
            self.problems.append(f"[{response.status}] {response.request.method} {urlsplit(response.url).path}")

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.problems.append(f"[csp] {self.path}: {message.text}")

    def _on_dialog(self, dialog) -> None:
        # A confirmation asked in JavaScript: the user reads it and agrees.
        self.dialogs.append(dialog.message)
        dialog.accept()

    # --- the end --------------------------------------------------------------------------------------------

    def screenshot(self, suffix: str = "") -> Path:
        target = self.shots / f"{self.name}-{self.width}{'-' + suffix if suffix else ''}.png"
        self.page.screenshot(path=str(target), full_page=True)
        self.saved.append(target)
        return target

    def finish(self) -> Path:
        """Save the final page's screenshot and fail with every width, accessibility or server problem met."""
        shot = self.final_shot = self.screenshot()
        pages = "\n  ".join(self.visited)
        found = list(dict.fromkeys(self.problems))  # a page visited twice reports its problems once
        problems = "\n  ".join(found)
        assert not found, (
            f"{self.name} at {self.width}px: {len(found)} problem(s):\n  {problems}\n"
            f"pages visited:\n  {pages}\nscreenshot: {shot}"
        )
        return shot
