"""What the browser tests share: Chromium and axe-core, the viewports, checking a page, the local run's mail."""
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
WORDS = {"es": {"next": "Continuar", "send_assessment": "Enviar autoevaluación", "send_pledge": "Firmar el compromiso",
                "result": "Su resultado", "pledged": "Gracias", "mail": "Excel"},
         "en": {"next": "Continue", "send_assessment": "Send self-assessment", "send_pledge": "Sign the pledge",
                "result": "Your result", "pledged": "Thank you", "mail": "Excel"}}


def check_page(page, name):
    """axe-core finds no violation; a full-page screenshot for the reviewer."""
    page.wait_for_load_state("load")  # a click's navigation may still be under way: check the page it leads to
    if not page.evaluate("typeof axe !== 'undefined'"):  # once per document: it is half a megabyte
        page.add_script_tag(path=str(AXE))
    # every rule still runs; resultTypes only skips the details of what passed, which halves the time
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})"
                               ".then(r => r.violations.map(v => ({id: v.id, html: v.nodes[0].html})))")
    page.screenshot(path=str(SHOTS / f"{name}.jpg"), full_page=True, type="jpeg", quality=80)
    assert violations == [], name


def mail_to(server, address: str, seconds: float = 60):
    """The newest e-mail the local run saved for `address` (under its .local/mail)."""
    import time
    from email import message_from_bytes, policy
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in sorted((server.state_dir / "mail").glob("*.eml"), reverse=True):
            msg = message_from_bytes(path.read_bytes(), policy=policy.default)
            if msg["To"] == address:
                return msg
        time.sleep(0.3)
    raise AssertionError(f"no mail for {address}")


def confirm_by_mail(server, page, address: str, lang: str, shot: str):
    """Open the mailed confirmation link (the page changes nothing), check it, press the button."""
    import re
    found = re.search(r"http://\S+/confirm\?\S+", mail_to(server, address).get_body(("plain",)).get_content())
    assert found, "no confirmation link in the mail"
    link = found.group(0)
    page.goto(link)
    check_page(page, f"confirm-{shot}")
    page.get_by_role("button", name="Confirmar" if lang == "es" else "Confirm").click()
    assert page.get_by_role("heading", level=1).text_content() == ("Confirmado" if lang == "es" else "Confirmed")
    check_page(page, f"confirmed-{shot}")
