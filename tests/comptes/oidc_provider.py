"""A small OpenID Connect provider on loopback, enough to play ProConnect's part in tests.

It signs its ID tokens with a fresh RSA key published at /jwks; a test tells it which e-mail the
next authorization code stands for.
"""

import base64
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class OIDCProvider:
    def __init__(self, client_id="portail-ti"):
        self.client_id = client_id
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes = {}
        self.tokens = {}
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, payload, status=200):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path == "/jwks":
                    numbers = provider.key.public_key().public_numbers()
                    return self._json(
                        {
                            "keys": [
                                {
                                    "kty": "RSA",
                                    "alg": "RS256",
                                    "use": "sig",
                                    "kid": "k1",
                                    "n": _b64(numbers.n),
                                    "e": _b64(numbers.e),
                                }
                            ]
                        }
                    )
                if self.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    claims = provider.tokens.get(token)
                    return self._json(claims or {"error": "invalid_token"}, 200 if claims else 401)
                return self._json({"error": "not_found"}, 404)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                code = form.get("code", [""])[0]
                if self.path != "/token" or code not in provider.codes:
                    return self._json({"error": "invalid_grant"}, 400)
                email, nonce = provider.codes.pop(code)
                now = int(time.time())
                claims = {
                    "sub": f"sub-{email}",
                    "email": email,
                    "given_name": "Isabelle",
                    "usual_name": "Mercier",
                    "siret": "13002603200016",
                }
                id_token = jwt.encode(
                    {
                        **claims,
                        "iss": provider.url,
                        "aud": provider.client_id,
                        "iat": now,
                        "exp": now + 300,
                        "nonce": nonce,
                    },
                    provider.key,
                    algorithm="RS256",
                    headers={"kid": "k1"},
                )
                access = f"at-{code}"
                provider.tokens[access] = claims
                return self._json(
                    {"access_token": access, "id_token": id_token, "token_type": "Bearer", "expires_in": 300}
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def settings(self):
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": "secret-de-test",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
        }
