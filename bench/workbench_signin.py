"""Signs a user in to a running workbench as a browser would (password, then the authenticator's code), for the
benchmark scripts (bench/web-load.sh, bench/leads.sh, bench/cold-page.sh). Not a test."""
import base64
import hashlib
import hmac
import http.cookiejar
import re
import struct
import time
import urllib.error
import urllib.parse
import urllib.request


def totp(secret: str) -> str:
    """The authenticator's current code for a base32 secret (RFC 6238: SHA-1, 30 s, 6 digits)."""
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base: str, user: str, password: str, secret: str):
    """(opener, cookie jar) of a signed-in session on the workbench at base (http://127.0.0.1:PORT)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())

    def post(path, fields):
        page = opener.open(base + path).read().decode()
        fields["__RequestVerificationToken"] = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page).group(1)
        try:
            opener.open(base + path, urllib.parse.urlencode(fields).encode())
        except urllib.error.HTTPError as e:
            if e.code != 302:
                raise

    post("/sign-in", {"UserName": user, "Password": password})
    post("/sign-in/code", {"Code": totp(secret)})
    return opener, jar
