"""Parsing and reading aloud: bad input, HTML, quotes, signatures, tracking links, long mail."""

from __future__ import annotations

import time

import pytest
from conftest import CPYTHON_MAIL
from os1.skills.email._config import load_config
from os1.skills.email._index import Index
from os1.skills.email._message import parse_message
from os1.skills.email._refresh import refresh
from os1.skills.email._text import html_to_text, main_points, own_words, speakable
from support import AMY, mail, maildir_with


def test_html_becomes_text_without_scripts_styles_or_images() -> None:
    html = ("<html><head><style>p{color:red}</style><script>track()</script></head><body>"
            "<img src='https://t.example/pixel.gif'><h1>Hello</h1><p>See&nbsp;you <b>soon</b>.</p></body></html>")
    assert html_to_text(html) == "Hello\nSee you soon."


def test_own_words_drop_quoted_reply_and_signature() -> None:
    body = ("Sounds good, see you at eight.\n\nOn Mon, 3 Nov 2026, Theo wrote:\n> Shall we meet?\n> What time?\n"
            "\n-- \nAmy\nCatherine & Co")
    assert own_words(body) == "Sounds good, see you at eight."
    assert own_words("Yes!\n\n-----Original Message-----\nFrom: x\nold text") == "Yes!"
    assert own_words("Fine.\n\nSent from my iPhone") == "Fine."


def test_speakable_drops_links_and_footer_clutter() -> None:
    text = ("Big news this week\nwe moved the office.\nRead more: https://t.example/track?id=123&u=9\n"
            "Unsubscribe | Manage preferences\n© 2026 Letters Ltd. All rights reserved.")
    said = speakable(text)
    assert said == "Big news this week we moved the office. Read more:"
    assert "http" not in said and "nsubscribe" not in said


def test_long_message_is_shortened_to_its_main_points() -> None:
    filler = " ".join(f"Sentence number {i} talks about the weather in some detail." for i in range(40))
    text = f"Hi Theo, here is the plan. {filler} Could you confirm by Friday? {filler}"
    short, cut = main_points(text, max_words=40)
    assert cut and short.startswith("Hi Theo, here is the plan.")
    assert "Could you confirm by Friday?" in short
    assert len(short.split()) <= 40
    assert main_points("Short and sweet.", 40) == ("Short and sweet.", False)


def test_bad_charset_missing_headers_and_html_only() -> None:
    raw = b"Subject: =?x-unknown?q?caf=E9?=\nContent-Type: text/plain; charset=x-klingon\n\ncaf\xe9 tonight?\n"
    msg = parse_message(raw)
    assert msg.sender == "" and "the From header is missing or unreadable" in msg.problems
    assert any("character set" in p for p in msg.problems)
    assert msg.text.startswith("caf")
    html_only = parse_message(mail(AMY, "Party", "", html="<p>Come to the <i>party</i>?</p>"))
    assert html_only.html_only and html_only.text == "Come to the party?"


def test_huge_attachment_is_not_read_for_triage() -> None:
    raw = mail(AMY, "Scans", "The scans you asked for.", attachment=12_000_000)
    assert len(raw) > 15_000_000
    start = time.perf_counter()
    msg = parse_message(raw)
    assert time.perf_counter() - start < 0.5
    assert msg.text.startswith("The scans you asked for.") and msg.subject == "Scans"


def test_every_cpython_test_message_is_triaged_and_nothing_is_lost(tmp_path) -> None:
    if not CPYTHON_MAIL.is_dir():
        pytest.skip(f"{CPYTHON_MAIL} is not on this machine")
    raws = [p.read_bytes() for p in sorted(CPYTHON_MAIL.glob("msg_*.txt"))]
    for raw in raws:
        parse_message(raw, limit=0)  # reading in full never raises either
    store = maildir_with(tmp_path / "Maildir", raws, sent=False)
    config = load_config({"maildir": str(tmp_path / "Maildir"), "addresses": ["bbb@zzz.org"]}, tmp_path)
    index = Index(tmp_path / "index.sqlite3")
    report = refresh(store, index, config)
    assert report.new == len(raws) == len(index.query("folder='INBOX'")) == len(store.list("INBOX"))
    assert report.error == ""
    assert any("From header is missing" in p for p in report.unreadable)
    categories = {r.category for r in index.query("folder='INBOX'")}
    assert categories <= {"urgent", "reply", "info", "bulk", "junk"}
    bounce = [r for r in index.query("subject LIKE 'Delivery Notification%'")]
    assert bounce and bounce[0].category == "bulk"  # postmaster@ is an automatic sender


def test_fast_mime_path_agrees_with_the_stdlib_parser() -> None:
    import corpus
    from os1.skills.email import _message

    raws = [s.raw for s in corpus.labelled(20, seed=3)]
    if CPYTHON_MAIL.is_dir():
        raws += [p.read_bytes() for p in sorted(CPYTHON_MAIL.glob("msg_*.txt"))]
    fast = 0
    for raw in raws:
        _, parts, _ = _message._structure(raw)
        if parts is None:
            continue  # unusual structure: the stdlib parser is used anyway
        fast += 1
        ours = _message._leaf_content(parts, [])
        theirs = _message._body(_message._PARSER.parsebytes(raw), [])
        assert (" ".join(ours[0].split()), *ours[1:]) == (" ".join(theirs[0].split()), *theirs[1:]), raw[:200]
    assert fast >= 0.8 * len(raws)
