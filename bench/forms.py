"""First load of the assessment page on a slow phone connection, against a floor of an empty HTML page.

Both pages are served gzip-compressed (as API Gateway does with `minimum_compression_size`) from one loopback
server, and loaded in Debian's Chromium with the network throttled through the DevTools protocol (50 KB/s down,
400 ms latency by default). Prints the bytes on the wire and the time to the load event, and their ratio.
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

os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1"})
os.environ.pop("AWS_ENDPOINT_URL", None)

RUNS = 5
EMPTY = b'<!doctype html><html lang="es"><head><meta charset="utf-8"><title>x</title></head><body></body></html>'


def assessment_page() -> bytes:
    from chalice.test import Client

    from app import app
    with Client(app) as client:  # the page exactly as the API serves it (no table needed to render it)
        return client.http.get("/forms/assessment?lang=es").body


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
    context.close()
    return sum(wire), ms


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.test_forms_browser import CHROMIUM, FLAGS
    kbps = float(sys.argv[1]) if len(sys.argv) > 1 else 50
    latency = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    page = assessment_page()
    server = serve({"/empty": EMPTY, "/assessment": page})
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        empty, assessment = interleaved(RUNS, lambda: load(browser, f"{base}/empty", kbps, latency),
                                        lambda: load(browser, f"{base}/assessment", kbps, latency))
        browser.close()
    server.shutdown()
    floor_ms, page_ms = medians([ms for _, ms in empty], [ms for _, ms in assessment])
    report(f"forms first load at {kbps:g} KB/s, {latency} ms latency (median of {RUNS}, phone viewport), "
           "time to the load event:", "empty HTML page", floor_ms, "assessment page", page_ms, scale=1)
    print(f"  bytes on the wire: empty page {empty[0][0]} B, assessment page {assessment[0][0]} B "
          f"({len(page)} B uncompressed, {len(gzip.compress(page))} B gzip); {page_ms - floor_ms:.0f} ms more")


if __name__ == "__main__":
    main()
