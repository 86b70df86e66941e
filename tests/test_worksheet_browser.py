"""The HTML review worksheet in a real headless browser (Debian's chromium).

What a person would see: every finding's code and message in the rendered page, the filters
working (from the query string and by clicking), the page readable with JavaScript off, no
request leaving the page, and a screenshot of the screen and print layouts. Skipped, with the
reason, when no chromium can be found (.ci/run installs it where apt-get can).

The browser is driven two ways: `--dump-dom` (the page as rendered, after its script ran) and the
Chrome DevTools protocol over `--remote-debugging-pipe` (fds 3 and 4), which needs no library.
Set LAKIN_SCREENSHOTS=DIR to keep the screenshots.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import time
from base64 import b64decode
from datetime import date
from pathlib import Path

import pytest

from validator.engine import Options, run
from validator.reporters import html as html_report
from validator.reporters.json_report import render as json_render
from validator.rulepack import load_packs, pack_dirs

ROOT = Path(__file__).resolve().parent.parent
REPORT_000 = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "sample_reports").glob("000_*.yaml"))
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome", "chrome"))), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND"]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH (apt-get install -y chromium; .ci/run does it where it can)")


@pytest.fixture(scope="module")
def worksheet(tmp_path_factory):
    """Report 000 and its quarterly reports, one finding waived, as one HTML file."""
    with contextlib.chdir(ROOT):
        result = run(REPORT_000, load_packs(pack_dirs()), Options())
    result.findings[-1].waived = True
    folder = tmp_path_factory.mktemp("browser")
    page = folder / "kkr.html"
    page.write_text(html_report.render(result, "id", today=date(2026, 1, 2)), encoding="utf-8")
    findings = json.loads(json_render(result, "id"))["findings"]
    return page, findings, result


def dump_dom(url: str, profile: Path, *extra: str) -> str:
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, "--dump-dom", url],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    return done.stdout


def articles(dom: str) -> list[dict]:
    """Each finding's article as rendered: code, severity, category, waived, hidden, text."""
    out = []
    for attrs, body in re.findall(r"<article ([^>]*)>(.*?)</article>", dom, re.S):
        get = lambda name: (re.search(rf'\b{name}="([^"]*)"', attrs) or [None, None])[1]  # noqa: E731
        text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
        out.append({"code": get("data-code"), "severity": get("data-severity"), "category": get("data-category"),
                    "waived": get("data-waived") == "1", "hidden": bool(re.search(r"\bhidden(=|\s|$)", attrs)),
                    "text": text})
    return out


def unescape(text: str) -> str:
    import html
    return html.unescape(text)


def test_every_finding_is_rendered(worksheet, tmp_path):
    page, findings, _ = worksheet
    dom = dump_dom(page.as_uri(), tmp_path / "profile")
    shown = articles(dom)
    assert [a["code"] for a in shown] == [f["rule"] for f in findings]
    assert not any(a["hidden"] for a in shown)
    for a, f in zip(shown, findings):
        text = unescape(a["text"])
        assert f["message"] in text and f["rekomendasi"] in text and f["title"] in text
    assert re.search(r'<form id="saring"(?![^>]*\bhidden)', dom), "the script did not show the filter"
    assert f"Menampilkan {len(findings)} dari {len(findings)} temuan." in dom


@pytest.mark.parametrize("query", ["severity=error", "category=pembulatan", "severity=warning,info&category=waktu",
                                   "waived=0"])
def test_filters_from_the_query_string(worksheet, tmp_path, query):
    page, findings, _ = worksheet
    dom = dump_dom(f"{page.as_uri()}?{query}", tmp_path / "profile")
    want = {k: v.split(",") for k, v in (part.split("=") for part in query.split("&"))}
    shown = articles(dom)
    assert len(shown) == len(findings)
    for a in shown:
        visible = (a["severity"] in want.get("severity", [a["severity"]])
                   and a["category"] in want.get("category", [a["category"]])
                   and not (want.get("waived") == ["0"] and a["waived"]))
        assert a["hidden"] == (not visible), a
    n = sum(not a["hidden"] for a in shown)
    assert 0 < n < len(findings)
    assert f"Menampilkan {n} dari {len(findings)} temuan." in dom
    assert re.search(r'id="saring-note"(?![^>]*\bhidden)', dom)  # says the view is filtered


class DevTools:
    """Chromium over --remote-debugging-pipe: JSON messages ending in NUL, commands on fd 3,
    answers and events on fd 4."""

    def __init__(self, profile: Path) -> None:
        to_chrome_r, self.w = os.pipe()
        self.r, from_chrome_w = os.pipe()
        # Move the child's ends above 3 and 4 so that dup2 onto 3 and 4 cannot clobber them.
        child_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 20)
        child_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 20)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def plumb() -> None:
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
                                      "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=plumb, pass_fds=(3, 4))
        os.close(child_r)
        os.close(child_w)
        self.buffer = b""
        self.last = 0
        self.events: list[dict] = []
        self.session: str | None = None

    def __call__(self, method: str, timeout: float = 60, **params):
        self.last += 1
        message = {"id": self.last, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self.w, json.dumps(message).encode() + b"\0")
        end = time.monotonic() + timeout
        while True:
            for m in self._messages(end):
                if m.get("id") == self.last:
                    assert "error" not in m, (method, m["error"])
                    return m.get("result", {})
                self.events.append(m)

    def _messages(self, end: float) -> list[dict]:
        while b"\0" not in self.buffer:
            left = end - time.monotonic()
            assert left > 0, "chromium did not answer"
            if select.select([self.r], [], [], left)[0]:
                chunk = os.read(self.r, 1 << 20)
                assert chunk, "chromium closed the DevTools pipe"
                self.buffer += chunk
        *done, self.buffer = self.buffer.split(b"\0")
        return [json.loads(m) for m in done]

    def open(self, url: str, scripts: bool = True) -> None:
        target = self("Target.createTarget", url="about:blank")["targetId"]
        self.session = self("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self("Network.enable")
        self("Page.enable")
        if not scripts:
            self("Emulation.setScriptExecutionDisabled", value=True)
        self.events.clear()
        self("Page.navigate", url=url)
        end = time.monotonic() + 60
        loaded = "document.readyState === 'complete' && location.href === " + json.dumps(url)
        while not self("Runtime.evaluate", expression=loaded, returnByValue=True)["result"].get("value"):
            assert time.monotonic() < end, "the page did not finish loading"
            time.sleep(0.05)

    def js(self, expression: str):
        answer = self("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        assert "exceptionDetails" not in answer, answer["exceptionDetails"]
        return answer["result"].get("value")

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self("Browser.close", timeout=10)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.w)
        os.close(self.r)


@pytest.fixture
def devtools(tmp_path):
    browser = DevTools(tmp_path / "profile")
    yield browser
    browser.close()


def test_devtools_sees_a_request_when_a_page_makes_one(devtools, tmp_path):
    """The control for the next test: a page with an external image is caught."""
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<!DOCTYPE html><title>x</title><img src="http://example.invalid/a.png" alt="">', encoding="utf-8")
    devtools.open(leaky.as_uri())
    devtools.js("new Promise(r => setTimeout(r, 300))")
    assert any(u.startswith("http://example.invalid/") for u in devtools.requests())


def test_no_request_leaves_the_page_and_filters_respond_to_clicks(worksheet, devtools):
    page, findings, _ = worksheet
    devtools.open(page.as_uri())
    devtools.js("new Promise(r => setTimeout(r, 300))")
    assert devtools.requests() == [page.as_uri()]
    visible = "document.querySelectorAll('article.finding:not([hidden])').length"
    assert devtools.js(visible) == len(findings)
    # Untick "Galat": the errors disappear, the status line says how many are shown.
    devtools.js("document.querySelector('input[name=severity][value=error]').click()")
    errors = sum(f["severity"] == "error" for f in findings)
    assert devtools.js(visible) == len(findings) - errors
    assert devtools.js("document.getElementById('saring-status').textContent") == \
        f"Menampilkan {len(findings) - errors} dari {len(findings)} temuan."
    assert devtools.js("[...document.querySelectorAll('article.finding:not([hidden])')]"
                       ".every(a => a.dataset.severity !== 'error')")
    devtools.js("document.getElementById('saring-reset').click()")
    assert devtools.js(visible) == len(findings)
    assert devtools.requests() == [page.as_uri()]


def test_readable_without_javascript(worksheet, devtools):
    page, findings, _ = worksheet
    devtools.open(f"{page.as_uri()}?severity=error", scripts=False)
    shown = "[...document.querySelectorAll('article.finding')].filter(a => a.offsetParent !== null).length"
    assert devtools.js(shown) == len(findings)
    assert devtools.js("getComputedStyle(document.getElementById('saring')).display") == "none"
    assert devtools.js("document.getElementById('saring-status').textContent") == ""  # the script never ran


def test_screen_and_print_screenshots(worksheet, devtools, tmp_path):
    page, _, _ = worksheet
    keep = Path(os.environ["LAKIN_SCREENSHOTS"]) if os.environ.get("LAKIN_SCREENSHOTS") else tmp_path
    keep.mkdir(parents=True, exist_ok=True)
    devtools.open(page.as_uri())
    devtools("Emulation.setDeviceMetricsOverride", width=1280, height=1600, deviceScaleFactor=1, mobile=False)
    screen = b64decode(devtools("Page.captureScreenshot", format="png")["data"])
    (keep / "worksheet-screen.png").write_bytes(screen)
    assert screen.startswith(b"\x89PNG") and len(screen) > 50_000
    # Print layout: the filter form is not displayed, each report starts a new page, A4.
    devtools("Emulation.setEmulatedMedia", media="print")
    assert devtools.js("getComputedStyle(document.getElementById('saring')).display") == "none"
    assert devtools.js("getComputedStyle(document.querySelector('section.report')).breakBefore") == "page"
    devtools("Emulation.setDeviceMetricsOverride", width=794, height=1123, deviceScaleFactor=1, mobile=False)
    printed = b64decode(devtools("Page.captureScreenshot", format="png")["data"])
    (keep / "worksheet-print.png").write_bytes(printed)
    pdf = b64decode(devtools("Page.printToPDF", paperWidth=8.27, paperHeight=11.69, preferCSSPageSize=True)["data"])
    (keep / "worksheet.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    sizes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert sizes and all(abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in sizes), sizes
