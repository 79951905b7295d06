"""First load of the assessment page on a slow phone connection, against a floor of an empty HTML page; and how
long the page is on a phone.

Both pages are served gzip-compressed (as API Gateway does with `minimum_compression_size`) from one loopback
server, and loaded in Debian's Chromium with the network throttled through the DevTools protocol (50 KB/s down,
400 ms latency by default). Prints the bytes on the wire and the time to the load event, and their ratio. Then,
at 390 x 844: the screens each section takes (its height over the viewport's, as the form shows it, one section
at a time), and a scripted walk through the whole form (one tap per question, "Continuar" per section): taps and
seconds.
Run: python bench/forms.py [kbps] [latency_ms]
"""
import gzip
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.compare import interleaved, medians, report  # noqa: E402

os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
                   "LINK_SIGNING_KEY": "bench"})  # the form's start stamp is signed
os.environ.pop("AWS_ENDPOINT_URL", None)

RUNS = 5
EMPTY = b'<!doctype html><html lang="es"><head><meta charset="utf-8"><title>x</title></head><body></body></html>'


def assessment_page() -> bytes:
    from chalice.test import Client

    from app import app
    with Client(app) as client:  # the page exactly as the API serves it (no table needed to render it)
        r = client.http.get("/forms/assessment?lang=es")
        assert r.status_code == 200, r.body[:300]
        return r.body


def serve(pages: dict) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = gzip.compress(pages.get(self.path.split("?")[0], b""))
            self.send_response(200 if self.path.split("?")[0] in pages else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def load(browser, url: str, kbps: float, latency: int) -> tuple:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency,
                                                  "downloadThroughput": kbps * 1024, "uploadThroughput": kbps * 1024})
    wire = []
    cdp.on("Network.loadingFinished", lambda e: wire.append(e["encodedDataLength"]))
    page.goto(url, wait_until="load")
    ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    paint = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0")
    context.close()
    return sum(wire), ms, paint


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser.kit import CHROMIUM, FLAGS
    kbps = float(sys.argv[1]) if len(sys.argv) > 1 else 50
    latency = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    page = assessment_page()
    server = serve({"/empty": EMPTY, "/assessment": page})
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        empty, assessment = interleaved(RUNS, lambda: load(browser, f"{base}/empty", kbps, latency),
                                        lambda: load(browser, f"{base}/assessment", kbps, latency))
        screens, taps, seconds = walk(browser, f"{base}/assessment")
        browser.close()
    server.shutdown()
    floor_ms, page_ms = medians([ms for _, ms, _ in empty], [ms for _, ms, _ in assessment])
    _, page_paint = medians([p for _, _, p in empty], [p for _, _, p in assessment])
    report(f"forms first load at {kbps:g} KB/s, {latency} ms latency (median of {RUNS}, phone viewport), "
           "time to the load event:", "empty HTML page", floor_ms, "assessment page", page_ms, scale=1)
    print(f"  bytes on the wire: empty page {empty[0][0]} B, assessment page {assessment[0][0]} B "
          f"({len(page)} B uncompressed, {len(gzip.compress(page))} B gzip); {page_ms - floor_ms:.0f} ms more")
    print(f"  first contentful paint of the assessment page: {page_paint:.0f} ms ({page_paint / floor_ms:.2f} x the "
          "empty page's load): the first section shows while the rest arrives")
    print("screens per section at 390 x 844: " + ", ".join(f"{n}: {h:.1f}" for n, h in enumerate(screens, 1)) +
          f"; {sum(screens):.1f} in all")
    print(f"scripted walk through every section: {taps} taps, {seconds:.1f} s (a person reads as well)")


def walk(browser, url: str) -> tuple:
    """(screens per section, taps, seconds) for the form at phone size, answered one question at a time."""
    import time
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url, wait_until="load")
    for name, value in (("company.name", "Abarrotes Doña Chela"), ("company.rfc", "VAA900921AW0"),
                        ("company.employees", "6"), ("company.annual_sales_mxn", "2.5 millones"),
                        ("contact.name", "Ana Pérez"), ("contact.email", "ana@example.mx")):
        page.fill(f"[id='{name}']", value)
    page.select_option("[id='company.state']", "20")
    page.select_option("[id='company.sector']", "46")
    sections = page.locator("section.pg")
    screens, taps, start = [], 0, time.perf_counter()
    for n in range(sections.count()):
        visible = page.locator("section.pg:not([hidden])")
        screens.append(page.evaluate("document.documentElement.scrollHeight") / 844)
        for group in visible.locator("fieldset").all():
            first = group.locator("input[type=radio]").first
            if first.count():
                first.check()
                taps += 1
        for field in visible.locator("input[type=text], input[type=email], select").all():
            if field.is_visible() and field.get_attribute("name") not in ("website",):
                taps += 1  # typed or chosen once
        if n < sections.count() - 1:
            visible.get_by_role("button", name="Continuar", exact=True).click()
            taps += 1
    seconds = time.perf_counter() - start
    context.close()
    return screens, taps, seconds


if __name__ == "__main__":
    main()
