#!/usr/bin/env python3
"""Build fuzz/corpus/<target>/ seed inputs from the project's fixtures
(assets/example, tests/data) plus a few small hand-made files. The corpus is
generated, never committed: `make fuzz` runs this first. Existing corpus
files (what libFuzzer found) are kept; seeds are (re)written by name."""

import io
import json
import os
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def read(*parts):
    with open(os.path.join(ROOT, *parts), "rb") as f:
        return f.read()


def fixtures():
    """(name, bytes) of every plain-text fixture."""
    out = []
    ex = os.path.join(ROOT, "assets", "example")
    for name in sorted(os.listdir(ex)):
        if name.endswith(".txt"):
            out.append((name, read("assets", "example", name)))
    out.append(("ner_fixture.txt", read("tests", "data", "ner", "fixture.txt")))
    return out


def bundle_articles():
    return json.loads(read("tests", "data", "entities", "bundle.json"))["articles"]


def zip_of(files, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in files:
            z.writestr(name, data)
    return buf.getvalue()


def html_of(text):
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    return (
        "<!doctype html><html><head><title>Story | Site</title>"
        '<meta property="og:site_name" content="Site"><meta name="author" content="A. Writer">'
        '<meta property="article:published_time" content="2025-02-13T10:00:00Z">'
        "<script>alert(1)</script><style>p{}</style></head><body><nav>Home</nav>"
        f"<article><h1>Story</h1>{paras}</article>"
        '<img src=x onerror="alert(1)"><a href="javascript:alert(2)">link</a>'
        "<footer>(c)</footer></body></html>"
    ).encode()


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def main():
    texts = fixtures()
    arts = bundle_articles()
    small = texts[0][1]
    for name, data in texts:
        for pick in range(3):  # .txt, .md, paste
            write("ingest_txt", f"{pick}-{name}", bytes([pick]) + data)
        write("ingest_html", name + ".html", html_of(data.decode("utf-8", "replace")))
        write("analyze", name, data)
        write("report_roundtrip", name, b"Title\xfeOutlet\xfeBy Someone\xfe2025-02-13\xfeSECTION\xfehttp://x\xfe" + data)
    write("ingest_txt", "md-headings", b"\x01# One\n\nFirst story text.\n\n# Two\n\nSecond \xe2\x80\x9cquoted\xe2\x80\x9d text.\n")
    write("ingest_html", "two-articles.html", b"<body><article><h2>One</h2><p>First.</p></article><article><p>Second.</p></article></body>")
    write("ingest_html", "broken.html", b"<p>Unclosed <b>bold <i>text</p><p>next<script>never closed")
    write("ingest_json", "bundle.json", json.dumps({"title": "Event", "articles": arts}).encode())
    write("ingest_json", "list.json", json.dumps(arts[:2]).encode())
    write("ingest_json", "one.json", json.dumps(arts[0]).encode())
    write("ingest_json", "examples.json", json.dumps({"articles": [{"id": n, "source": "Outlet", "text": d.decode()} for n, d in texts[:2]]}).encode())
    write("ingest_jsonl", "lines.jsonl", "\n".join(json.dumps(a) for a in arts).encode() + b"\n")
    write("ingest_jsonl", "bundle-line.jsonl", json.dumps({"articles": arts[:2]}).encode() + b"\nnot json\n")
    write("ingest_zip", "examples.zip", zip_of([("dir/" + n, d) for n, d in texts[:3]]))
    write("ingest_zip", "stored.zip", zip_of([("a.txt", small), ("b.json", json.dumps(arts[0]))], zipfile.ZIP_STORED))
    write("ingest_zip", "nested.zip", zip_of([("inner.zip", zip_of([("c.txt", small)])), ("x.html", html_of("Hello there."))]))
    write("analyze", "two-files", texts[0][1] + b"\xff" + texts[1][1])
    write("report_roundtrip", "two-articles", b"\xfe\xfe\xfe\xfe\xfe\xfe" + arts[0]["text"].encode() + b"\xff\xfe\xfe\xfe\xfe\xfe\xfe" + arts[1]["text"].encode())
    print(f"seed corpora in {CORPUS}")


main()
