"""Google's OpenID Connect endpoints on loopback: the token endpoint hands out ID tokens signed with a key made here,
and the certs endpoint publishes its certificate, so google-auth verifies them as it verifies Google's."""
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

CLIENT_ID = "123-integra.apps.googleusercontent.com"
CLIENT_SECRET = "stand-in-secret"


@cache  # one key for the whole run: making an RSA key takes a noticeable part of a second
def _key_and_cert():
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "accounts.google.com stand-in")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
            .sign(key, hashes.SHA256()))
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return pem_key, cert.public_bytes(serialization.Encoding.PEM).decode()


class OidcStandIn:
    """Set `claims` (and `nonce`, from the authorization URL) before the callback; `codes` holds what was traded."""

    def __init__(self):
        from google.auth import crypt
        pem_key, self.cert = _key_and_cert()
        self.signer = crypt.RSASigner.from_string(pem_key, key_id="k1")
        self.claims: dict = {}
        self.codes: list = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, body: dict):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._answer(200, {"k1": stand_in.cert}) if self.path == "/certs" else self._answer(404, {})

            def do_POST(self):
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                stand_in.codes.append(form)
                if form.get("code") != ["good-code"] or form.get("client_secret") != [CLIENT_SECRET]:
                    return self._answer(400, {"error": "invalid_grant"})
                self._answer(200, {"id_token": stand_in.id_token(), "access_token": "ya29.x"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def id_token(self) -> str:
        from google.auth import jwt
        now = int(time.time())
        payload = {"iss": "https://accounts.google.com", "aud": CLIENT_ID, "iat": now, "exp": now + 3600,
                   "sub": "1", "email_verified": True, **self.claims}
        return jwt.encode(self.signer, payload).decode()

    def settings(self) -> dict:
        return {"google_client_id": CLIENT_ID, "google_client_secret": CLIENT_SECRET,
                "google_auth_uri": f"{self.base}/auth", "google_token_uri": f"{self.base}/token",
                "google_certs_url": f"{self.base}/certs"}

    def stop(self):
        self.server.shutdown()
