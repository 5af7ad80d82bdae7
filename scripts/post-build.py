#!/usr/bin/env python3
"""Trunk post_build hook (Trunk.toml): finish the staged build.

1. Content-Security-Policy: a <meta> policy that allows scripts, styles,
   images, workers and connections from the page's own origin only; trunk's
   inline bootstrap <script> is allowed by its SHA-256 hash.
2. Service worker: release builds get static/sw.js with the list of every
   staged file (hashed names included) and a cache name derived from their
   contents, so a new build never serves an old file; debug builds get
   static/sw-debug.js, which unregisters any service worker and empties its
   caches.
"""
import base64
import hashlib
import os
import re
import sys
from pathlib import Path

staging = Path(os.environ["TRUNK_STAGING_DIR"])
source = Path(os.environ.get("TRUNK_SOURCE_DIR", "."))
release = os.environ.get("TRUNK_PROFILE", "debug") == "release"

index = staging / "index.html"
html = index.read_text(encoding="utf-8")

hashes = []
for m in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S):
    digest = hashlib.sha256(m.group(1).encode("utf-8")).digest()
    hashes.append("'sha256-%s'" % base64.b64encode(digest).decode())
policy = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
])
meta = '<meta http-equiv="Content-Security-Policy" content="%s" />' % policy
if "__PARALLAX_CSP__" not in html:
    sys.exit("post-build: index.html lacks the <!-- __PARALLAX_CSP__ --> marker")
html = html.replace("<!-- __PARALLAX_CSP__ -->", meta)
index.write_text(html, encoding="utf-8")

sw = staging / "sw.js"
if release:
    files = sorted(
        p.relative_to(staging).as_posix()
        for p in staging.rglob("*")
        if p.is_file() and p.name != "sw.js"
    )
    h = hashlib.sha256()
    for name in files:
        h.update(name.encode())
        h.update((staging / name).read_bytes())
    precache = ["./"] + ["./" + f for f in files]
    body = (source / "static" / "sw.js").read_text(encoding="utf-8")
    body = body.replace("__PARALLAX_CACHE__", "parallax-" + h.hexdigest()[:16])
    body = body.replace("__PARALLAX_PRECACHE__", "[\n  " + ",\n  ".join('"%s"' % p for p in precache) + "\n]")
    sw.write_text(body, encoding="utf-8")
else:
    sw.write_text((source / "static" / "sw-debug.js").read_text(encoding="utf-8"), encoding="utf-8")
