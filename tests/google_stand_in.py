"""A Google Sheets API stand-in for gspread's own client: `responses` callbacks, nothing leaves the machine."""
import json
import re

import responses

SHEET = "sheet-123"
SHEETS_API = f"https://sheets.googleapis.com/v4/spreadsheets/{SHEET}"


def make_service_account() -> dict:
    """A service-account key generated here: google-auth signs a real JWT with it for the token exchange."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return {"type": "service_account", "project_id": "integra-test", "private_key_id": "k1", "private_key": pem,
            "client_email": "integra@integra-test.iam.gserviceaccount.com", "client_id": "1",
            "token_uri": "https://oauth2.googleapis.com/token"}


class SheetsStandIn:
    def __init__(self, rsps):
        self.tabs, self.values_calls, self.format_calls, self.token_calls = {"Sheet1": 0}, [], [], 0
        self.script = []  # statuses to answer values:batchUpdate with, before succeeding
        rsps.add_callback(responses.POST, "https://oauth2.googleapis.com/token", callback=self.token)
        rsps.add_callback(responses.GET, re.compile(re.escape(SHEETS_API) + r"(\?.*)?$"), callback=self.metadata)
        rsps.add_callback(responses.POST, f"{SHEETS_API}:batchUpdate", callback=self.batch_update)
        rsps.add_callback(responses.POST, f"{SHEETS_API}/values:batchUpdate", callback=self.values)

    def token(self, request):
        self.token_calls += 1
        body = request.body.decode() if isinstance(request.body, bytes) else request.body
        assert "assertion=" in body  # a signed JWT from the generated key
        return 200, {}, json.dumps({"access_token": "ya29.test", "expires_in": 3600, "token_type": "Bearer"})

    def metadata(self, request):
        sheets = [{"properties": {"title": t, "sheetId": i}} for t, i in self.tabs.items()]
        return 200, {}, json.dumps({"spreadsheetId": SHEET, "sheets": sheets})

    def batch_update(self, request):
        body = json.loads(request.body)
        self.format_calls.append(body)
        replies = []
        for r in body["requests"]:
            if "addSheet" in r:
                title = r["addSheet"]["properties"]["title"]
                self.tabs[title] = len(self.tabs) + 1
                replies.append({"addSheet": {"properties": {"title": title, "sheetId": self.tabs[title]}}})
        return 200, {}, json.dumps({"spreadsheetId": SHEET, "replies": replies})

    def values(self, request):
        assert request.headers["Authorization"] == "Bearer ya29.test"
        body = json.loads(request.body)
        self.values_calls.append(body)
        if self.script:
            status = self.script.pop(0)
            return status, {}, json.dumps({"error": {"code": status, "message": "try later", "status": "X"}})
        return 200, {}, json.dumps({"spreadsheetId": SHEET, "totalUpdatedCells": 1})
