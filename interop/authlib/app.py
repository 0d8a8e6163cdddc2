"""A relying party on Authlib's Flask client, as an integrator would write it: discovery, the code
flow with PKCE (S256), the ID token validated by Authlib, UserInfo, and RP-initiated logout.
Configured by RP_ISSUER, RP_CLIENT_ID, RP_CLIENT_SECRET and RP_PORT; prints `ready <url>` once it
listens. interop/run.ts drives it in a browser; the page markup (data-claim) is what it reads.
"""

import html
import os
import secrets
import sys

from authlib.integrations.flask_client import OAuth
from authlib.oidc.discovery import OpenIDProviderMetadata
from flask import Flask, redirect, request, session
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server

ISSUER = os.environ["RP_ISSUER"]
CLIENT_ID = os.environ["RP_CLIENT_ID"]
BASE = f"http://127.0.0.1:{os.environ['RP_PORT']}"

app = Flask(__name__)
app.secret_key = secrets.token_bytes(32)
# Portvakt's cookies live on the same host (cookies ignore ports), so this one has a name of its own.
app.config["SESSION_COOKIE_NAME"] = "authlib_rp"

oauth = OAuth(app)
portvakt = oauth.register(
    "portvakt",
    client_id=CLIENT_ID,
    client_secret=os.environ["RP_CLIENT_SECRET"],
    server_metadata_url=f"{ISSUER}/.well-known/openid-configuration",
    client_kwargs={
        "scope": "openid profile",
        "code_challenge_method": "S256",
        "token_endpoint_auth_method": "client_secret_basic",
    },
)


def check_discovery() -> None:
    # Authlib's client takes the document as it comes; its own OpenID Provider Metadata model checks
    # the fields (issuer over https or loopback http, endpoints, response types), and RFC 8414 §3.3 /
    # OIDC Discovery §4.3 ask the client to compare the issuer with the URL it was given.
    metadata = portvakt.load_server_metadata()
    OpenIDProviderMetadata({k: v for k, v in metadata.items() if not k.startswith("_")}).validate()
    if metadata["issuer"] != ISSUER:
        raise ValueError(f"discovery names issuer {metadata['issuer']}, expected {ISSUER}")


def page(title: str, body: str) -> str:
    return f'<!doctype html><html lang="en"><title>{title}</title><main><h1>{title}</h1>{body}</main></html>'


@app.get("/")
def home():
    user = session.get("user")
    if not user:
        return page("Authlib RP", '<p id="status">Logged out.</p><p><a href="/login">Log in</a></p>')
    rows = "".join(
        f'<dt>{name}</dt><dd data-claim="{name}">{html.escape(str(value))}</dd>' for name, value in user.items()
    )
    return page("Authlib RP", f'<p id="status">Logged in.</p><dl>{rows}</dl><p><a href="/logout">Log out</a></p>')


@app.get("/login")
def login():
    return portvakt.authorize_redirect(f"{BASE}/callback")


@app.get("/callback")
def callback():
    # Checks the state, exchanges the code with the PKCE verifier and validates the ID token
    # (CodeIDToken: the signature against the JWKS, exp, iat, nonce, at_hash, azp), raising on any
    # failure. By default Authlib compares only iss; these options make aud essential too.
    token = portvakt.authorize_access_token(
        claims_options={"iss": {"essential": True, "value": ISSUER}, "aud": {"essential": True, "value": CLIENT_ID}}
    )
    claims = token["userinfo"]
    userinfo = portvakt.userinfo(token=token)
    if userinfo["sub"] != claims["sub"]:
        raise ValueError(f"UserInfo names sub {userinfo['sub']}, the ID token {claims['sub']}")
    session["id_token"] = token["id_token"]
    session["user"] = {
        "sub": claims["sub"],
        "acr": claims.get("acr", ""),
        "amr": " ".join(claims.get("amr", [])),
        "name": claims.get("name", ""),
        "userinfo_sub": userinfo["sub"],
        "userinfo_name": userinfo.get("name", ""),
    }
    return redirect("/")


@app.get("/logout")
def logout():
    id_token = session.pop("id_token", None)
    session.pop("user", None)
    return portvakt.logout_redirect(post_logout_redirect_uri=f"{BASE}/logged-out", id_token_hint=id_token)


@app.get("/logged-out")
def logged_out():
    # Checks the state Portvakt sends back against the one this session sent.
    portvakt.validate_logout_response()
    return redirect("/")


@app.errorhandler(Exception)
def failed(error: Exception):
    if isinstance(error, HTTPException):
        return error
    print(f"authlib rp: {request.path}: {error!r}", file=sys.stderr)
    return page("Authlib RP: error", f'<p id="error">{html.escape(repr(error))}</p>'), 500


if __name__ == "__main__":
    with app.app_context():
        check_discovery()
    server = make_server("127.0.0.1", int(os.environ["RP_PORT"]), app)
    print(f"ready {BASE}", flush=True)
    server.serve_forever()
