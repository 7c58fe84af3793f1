"""Against real servers on loopback: Dovecot for IMAP, aiosmtpd for SMTP (see conftest.py)."""

from __future__ import annotations

import email
import imaplib
import logging

import corpus
import keyring
import keyring.backend
import pytest
from conftest import DroppingProxy, free_port
from support import AMY, harness, mail

from os1.testing import Case

pytestmark = pytest.mark.timeout(60)


def _upload(account, inbox: list[bytes], sent: bool = True) -> None:
    conn = imaplib.IMAP4(account.host, account.port)
    conn.login(account.user, account.password)
    if sent:
        for raw in corpus.sent_mail():
            conn.append("Sent", "(\\Seen)", None, raw)
    for raw in inbox:
        conn.append("INBOX", None, None, raw)
    conn.logout()


def _server(account) -> dict[str, list[tuple[bytes, bytes]]]:
    """What the server holds: folder -> [(flags, message)]."""
    conn = imaplib.IMAP4(account.host, account.port)
    conn.login(account.user, account.password)
    out = {}
    for folder, name in (("INBOX", "INBOX"), ("Trash", '"Deleted Items"'), ("Sent", "Sent"), ("Drafts", "Drafts")):
        conn.select(name, readonly=True)
        typ, data = conn.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[])")
        out[folder] = [(item[0], item[1]) for item in data if isinstance(item, tuple)]
    conn.logout()
    return out


def _imap(account, tmp_path, port: int | None = None, **extra):
    secret = tmp_path / "secret"
    secret.write_text(account.password + "\n")
    return {"imap_host": account.host, "imap_port": port or account.port, "imap_user": account.user,
            "imap_ssl": False, "password_command": f"cat {secret}", "timeout": 5, **extra}


INBOX = [mail(AMY, "Dinner on Friday?", "Are you free on Friday evening?", seed=1),
         mail(("Paul", "paul.letters@beautiful-handwritten.example"), "Contract",
              "I need the signed contract by end of day.", seed=2),
         mail(("Prize Board", "claims@winners-1.example"), "YOU ARE A WINNER!!!",
              "Dear friend, you have won the lottery. Claim your prize now!", to="undisclosed-recipients:;", seed=3)]


def test_imap_triage_delete_undo_and_replies_over_smtp(tmp_path, account, smtp, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    _upload(account, INBOX)
    settings = _imap(account, tmp_path, smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_starttls=False)
    with harness(tmp_path / "home", **settings) as h:
        turns = h.check([
            Case("Do I have new email?", reply_contains=["3 new messages", "1 urgent"]),
            Case("Read my email from Amy", reply_contains=["Are you free on Friday evening?"]),
            Case("Delete that", reply_contains=["Trash"]),
        ])
        held = _server(account)
        assert len(held["INBOX"]) == 2 and b"Dinner on Friday?" in held["Trash"][0][1]
        turns += h.check([Case("Undo", reply_contains=["Undone"])])
        held = _server(account)
        assert len(held["INBOX"]) == 3 and held["Trash"] == []
        turns += h.check([
            Case("Reply to Amy saying I'll be there at eight", asks=True, reply_contains=["I will be there at eight."]),
            Case("yes", reply_contains=["Sent to Amy"]),
        ])
        assert len(smtp.messages) == 1
        sender, rcpts, raw = smtp.messages[0]
        sent = email.message_from_bytes(raw)
        assert (sender, rcpts) == (corpus.ME, [AMY[1]])
        assert sent["Subject"] == "Re: Dinner on Friday?" and sent["In-Reply-To"].startswith("<")
        assert "I will be there at eight." in sent.get_payload()
        held = _server(account)
        assert any(b"I will be there at eight." in m for _, m in held["Sent"])
        turns += h.check([Case("Reply to Paul saying not today", asks=True), Case("no", reply_contains=["drafts"])])
        drafts = _server(account)["Drafts"]
        assert len(drafts) == 1 and b"\\Draft" in drafts[0][0] and b"Not today." in drafts[0][1]
        assert len(smtp.messages) == 1
        turns += h.check([Case("Read my email from Prize Board", reply_contains=["won the lottery"]),
                          Case("Delete that", reply_contains=["Trash"]),
                          Case("Empty the trash", asks=True), Case("yes", reply_contains=["1 message deleted for good"])])
        held = _server(account)
        assert held["Trash"] == [] and len(held["INBOX"]) == 2
    said = " ".join(t.reply for t in turns)
    assert account.password not in said and account.password not in caplog.text


def test_wrong_password_is_said_plainly_and_never_shown(tmp_path, account, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    _upload(account, INBOX)
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-password-42\n")
    settings = _imap(account, tmp_path, password_command=f"cat {wrong}")
    with harness(tmp_path / "home", **settings) as h:
        turn = h.ask("do I have new email")
    assert "refused the password for " + account.user in turn.reply
    assert "not-the-password-42" not in turn.reply and "not-the-password-42" not in caplog.text
    assert len(_server(account)["INBOX"]) == 3


def test_unreachable_servers_say_what_to_check(tmp_path, account) -> None:
    _upload(account, INBOX)
    settings = _imap(account, tmp_path, smtp_host="127.0.0.1", smtp_port=free_port(), smtp_starttls=False)
    with harness(tmp_path / "home", **settings) as h:
        h.check([Case("Reply to Amy saying yes", asks=True),
                 Case("yes", reply_contains=["couldn't send", "smtp_host", "draft"])])
    assert len(_server(account)["Drafts"]) == 1
    with harness(tmp_path / "home2", **_imap(account, tmp_path, port=free_port())) as h:
        h.check([Case("do I have new email", reply_contains=["couldn't reach the mail server", "imap_port"])])


def test_dropped_connection_keeps_what_was_read_and_resumes(tmp_path, account) -> None:
    inbox = [mail(("Paul", "paul.letters@beautiful-handwritten.example"), f"Letter {i}",
                  "Some news from the office. " * 250, seed=i) for i in range(120)]
    _upload(account, inbox, sent=False)
    proxy = DroppingProxy(account.port, allow=450_000)
    try:
        with harness(tmp_path / "home", **_imap(account, tmp_path, port=proxy.port)) as h:
            first = h.ask("do I have new email")
            assert proxy.dropped.is_set()
            assert "hung up" in first.reply and "triaged 50 of 120" in first.reply
            h.check([Case("do I have new email", reply_contains=["70 new messages"])])
            h.check([Case("summarise my inbox", reply_contains=["120 messages"])])
    finally:
        proxy.close()


class _MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend that lives in memory: the real keyring API, without a desktop session."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def test_password_from_the_keyring(tmp_path, account) -> None:
    _upload(account, INBOX)
    previous = keyring.get_keyring()
    keyring.set_keyring(_MemoryKeyring())
    try:
        settings = _imap(account, tmp_path, password_command="", keyring_service="os1-mail")
        with harness(tmp_path / "home", **settings) as h:
            h.check([Case("do I have new email", reply_contains=["no password in the keyring", "keyring set os1-mail"])])
            keyring.set_password("os1-mail", account.user, account.password)
            h.check([Case("do I have new email", reply_contains=["3 new messages"])])
    finally:
        keyring.set_keyring(previous)


def test_missing_folders_are_created_and_a_missing_sent_folder_is_not_fatal(tmp_path, account) -> None:
    _upload(account, INBOX, sent=False)
    conn = imaplib.IMAP4(account.host, account.port)
    conn.login(account.user, account.password)
    settings = _imap(account, tmp_path, folders={"Archive": "Filed", "Sent": "Sent Items"})
    assert conn.list('""', '"Filed"')[1] == [None] and conn.list('""', '"Sent Items"')[1] == [None]
    with harness(tmp_path / "home", **settings) as h:
        h.check([Case("Do I have new email?", reply_contains=["3 new messages"]),
                 Case("Read my email from Amy"), Case("Archive it", reply_contains=["Archived"])])
    conn.select('"Filed"', readonly=True)
    assert b"Dinner on Friday?" in conn.uid("FETCH", "1:*", "(BODY.PEEK[])")[1][0][1]
    conn.logout()


def test_a_huge_attachment_is_triaged_from_its_first_bytes_and_read_without_it(tmp_path, account) -> None:
    big = mail(AMY, "The scans", "Here are the scans you asked for. Can you check page two?", attachment=8_000_000)
    _upload(account, [big, INBOX[1]])
    with harness(tmp_path / "home", **_imap(account, tmp_path)) as h:
        h.check([Case("Do I have new email?", reply_contains=["2 new messages"]),
                 Case("Read my email from Amy", reply_contains=["Can you check page two?", "1 attachment: scan.pdf"])])
