"""The email skill as a person uses it, on the local Maildir (the embedded default)."""

from __future__ import annotations

import mailbox

import corpus
from os1.skills.email import _refresh
from support import AMY, files, harness, mail, maildir_with

from os1.testing import Case

PAUL = ("Paul", "paul.letters@beautiful-handwritten.example")
SPAM = ("Prize Board", "claims@winners-1.example")


def _inbox(tmp_path):
    root = tmp_path / "Maildir"
    inbox = [
        mail(AMY, "Dinner on Friday?", "Are you free on Friday evening? I found a new place.\n\n"
             "On Mon, Theo wrote:\n> Let's do dinner soon.\n\n-- \nAmy\nhttps://amy.example/track?id=1", seed=1),
        mail(PAUL, "Contract", "I need the signed contract by end of day. Can you send it?", seed=2),
        mail(("The Weekly Letter", "newsletter@weeklyletter.example"), "Issue 12", "", seed=3,
             html="<p>This week: pens.</p><p>Unsubscribe</p>", extra={"List-Unsubscribe": "<mailto:u@w.example>"}),
        mail(SPAM, "YOU ARE A WINNER!!!", "Dear friend, you have won the lottery. Claim your prize now!",
             to="undisclosed-recipients:;", seed=4),
    ]
    return root, maildir_with(root, inbox)


def test_the_everyday_conversation(tmp_path) -> None:
    root, _ = _inbox(tmp_path)
    with harness(tmp_path / "home", maildir=str(root)) as h:
        h.check([
            Case("Do I have new email?", intent="check", reply_contains=["4 new messages", "urgent"]),
            Case("What's important?", intent="important", reply_contains=["Paul", "by end of day"]),
            Case("Read it", intent="read_it", reply_contains=["Contract", "signed contract"]),
            Case("Next", intent="next", reply_contains=["Dinner on Friday?", "Are you free on Friday evening?"],
                 reply_excludes=["Let's do dinner soon", "https", "amy.example"]),
            Case("Read it again", intent="again", reply_contains=["Are you free on Friday evening?"]),
            Case("Summarise my inbox", intent="summary", reply_contains=["4 messages", "junk"]),
        ])
        turn = h.ask("read the newsletters")
        assert "This week: pens." in turn.reply and "Unsubscribe" not in turn.reply
        assert turn.data["email"]["current"]["subject"] == "Issue 12" and turn.data["email"]["lines"]


def test_a_conversation_opens_with_unread_urgent_mail(tmp_path) -> None:
    root, _ = _inbox(tmp_path)
    with harness(tmp_path / "home", maildir=str(root)) as h:
        assert h.start() is None  # nothing triaged yet: nothing to say, and no mailbox is touched
        h.ask("do I have new email")
    with harness(tmp_path / "home", maildir=str(root)) as h:
        opening = h.start()
        assert opening is not None and "1 urgent email waiting" in opening.reply


def test_delete_moves_to_trash_and_undo_brings_it_back(tmp_path) -> None:
    root, _ = _inbox(tmp_path)
    with harness(tmp_path / "home", maildir=str(root)) as h:
        h.ask("read my email from Amy")
        names_before = {p.name.partition(":")[0] for p in files(root, "INBOX")}
        h.check([Case("Delete that", intent="delete", reply_contains=["Trash"])])
        assert len(files(root, "INBOX")) == 3 and len(files(root, "Trash")) == 1
        h.check([Case("Undo", intent="undo", reply_contains=["Undone"])])
        assert {p.name.partition(":")[0] for p in files(root, "INBOX")} == names_before
        assert files(root, "Trash") == []
        h.check([Case("undo", reply_contains=["nothing to undo"])])


def test_delete_the_junk_asks_with_the_count_and_is_undoable(tmp_path) -> None:
    root, _ = _inbox(tmp_path)
    with harness(tmp_path / "home", maildir=str(root)) as h:
        h.ask("do I have new email")
        h.check([
            Case("Delete the junk", intent="delete_pile", reply_contains=["1 message", "junk"], asks=True),
            Case("no", reply_contains=["left them alone"]),
        ])
        assert files(root, "Trash") == []
        h.check([Case("Delete the junk", asks=True), Case("yes", reply_contains=["Moved 1 message to Trash"])])
        assert len(files(root, "Trash")) == 1 and b"WINNER" in files(root, "Trash")[0].read_bytes()
        h.check([Case("Undo", reply_contains=["deleting the junk"])])
        assert files(root, "Trash") == [] and len(files(root, "INBOX")) == 4


def test_archive_the_newsletters_and_mark_as_read(tmp_path) -> None:
    root, _ = _inbox(tmp_path)
    with harness(tmp_path / "home", maildir=str(root)) as h:
        h.ask("do I have new email")
        h.check([Case("Archive the newsletters", intent="archive_pile", reply_contains=["Archived 1 message"])])
        assert len(files(root, "Archive")) == 1
        h.ask("read my email from Paul")  # reading marks it read
        paul = [p for p in files(root, "INBOX") if b"Contract" in p.read_bytes()][0]
        assert paul.name.endswith(",S")
        h.check([Case("Mark it as unread", intent="mark_unread"), Case("Mark it as read", intent="mark_read")])
        paul = [p for p in files(root, "INBOX") if b"Contract" in p.read_bytes()][0]
        assert paul.name.endswith(",S")
        h.check([Case("undo", reply_contains=["as read"])])
        paul = [p for p in files(root, "INBOX") if b"Contract" in p.read_bytes()][0]
        assert not paul.name.endswith("S")


def test_reply_read_back_and_no_keeps_a_draft(tmp_path) -> None:
    root, _ = _inbox(tmp_path)
    with harness(tmp_path / "home", maildir=str(root)) as h:
        h.check([
            Case("Reply to Amy saying I'll be there at eight", intent="reply_to",
                 reply_contains=["reply to Amy", "I will be there at eight."], asks=True),
            Case("no", reply_contains=["drafts"]),
        ])
        drafts = files(root, "Drafts")
        assert len(drafts) == 1 and drafts[0].name.endswith(",D")
        draft = drafts[0].read_bytes()
        assert b"To: Amy <amy@catherine.example>" in draft and b"Subject: Re: Dinner on Friday?" in draft
        assert b"In-Reply-To: <" in draft and b"I will be there at eight." in draft
        # without an SMTP server, "yes" cannot send: it says how to fix that and keeps a draft
        h.check([Case("Reply to Amy saying see you then", asks=True),
                 Case("yes", reply_contains=["smtp_host", "draft"])])
        assert len(files(root, "Drafts")) == 2


def test_corrections_are_remembered_per_sender_across_sessions(tmp_path) -> None:
    root, store = _inbox(tmp_path)
    home = tmp_path / "home"
    with harness(home, maildir=str(root)) as h:
        h.ask("read the junk")
        h.check([Case("That's not junk", intent="said_not_junk", reply_contains=["isn't junk", "now"])])
        h.check([Case("Amy is important", intent="sender_important", reply_contains=["Amy is important"])])
        h.check([Case("read my email from Amy"), Case("why is that important", intent="why",
                                                         reply_contains=["urgent", "marked as important"])])
    store.append("INBOX", mail(SPAM, "YOU WON AGAIN!!!", "Claim your prize now, dear friend, 100% free!", seed=9,
                               to="undisclosed-recipients:;"))
    with harness(home, maildir=str(root)) as h:  # a new session: the corrections come from the data directory
        h.ask("do I have new email")
        turn = h.ask("read the junk")
        assert "There's nothing in junk" in turn.reply


def test_moving_a_message_to_junk_elsewhere_teaches_triage(tmp_path) -> None:
    root, store = _inbox(tmp_path)
    with harness(tmp_path / "home", maildir=str(root)) as h:
        h.ask("do I have new email")
        paul = [p for p in files(root, "INBOX") if b"Contract" in p.read_bytes()][0]
        (root / ".Junk" / "cur").mkdir(parents=True)
        paul.rename(root / ".Junk" / "cur" / paul.name)  # the person's other mail program did this
        store.append("INBOX", mail(PAUL, "Another thing", "Can you call me?", seed=11))
        h.ask("do I have new email")
        turn = h.ask("read the junk")
        assert "2 messages in junk" in turn.reply
        assert {m["subject"] for m in turn.data["email"]["messages"]} == {"Another thing", "YOU ARE A WINNER!!!"}


def test_refresh_reads_only_new_mail(tmp_path, monkeypatch) -> None:
    root, store = _inbox(tmp_path)
    parsed = []
    real = _refresh.parse_message
    monkeypatch.setattr(_refresh, "parse_message", lambda raw, *a: parsed.append(raw) or real(raw, *a))
    with harness(tmp_path / "home", maildir=str(root)) as h:
        h.check([Case("do I have new email", reply_contains=["4 new messages"])])
        assert len(parsed) == 4
        for i in range(3):
            store.append("INBOX", corpus.labelled(1, seed=i)[0].raw)
        h.check([Case("any new mail", reply_contains=["3 new messages"])])
        assert len(parsed) == 7
        h.check([Case("do I have new email", reply_contains=["Nothing new"])])
        assert len(parsed) == 7


def test_mbox_is_imported_once_and_left_as_it_is(tmp_path) -> None:
    mbox_path = tmp_path / "old.mbox"
    box = mailbox.mbox(str(mbox_path))
    for seed in (1, 2):
        box.add(mail(PAUL, f"Old letter {seed}", "Just saying hello.", seed=seed))
    box.close()
    before = mbox_path.read_bytes()
    with harness(tmp_path / "home", mbox_import=str(mbox_path)) as h:
        h.check([Case("do I have new email", reply_contains=["2 new messages"])])
        h.check([Case("do I have new email", reply_contains=["Nothing new"])])
    assert mbox_path.read_bytes() == before


def test_a_password_in_the_settings_is_refused_and_never_repeated(tmp_path) -> None:
    with harness(tmp_path / "home", password="hunter2-secret") as h:
        turn = h.ask("do I have new email")
    assert "password_command" in turn.reply and "hunter2" not in turn.reply


def test_invitations_are_offered_in_the_response_data(tmp_path) -> None:
    cal = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Design review\nDTSTART:20261124T150000Z\nEND:VEVENT\nEND:VCALENDAR"
    root = tmp_path / "Maildir"
    maildir_with(root, [mail(AMY, "Invitation: Design review", "Please join.", calendar=cal)])
    with harness(tmp_path / "home", maildir=str(root)) as h:
        turn = h.ask("do I have any invitations")
    assert "Design review on Tuesday at 3 pm, from Amy" in turn.reply
    assert turn.data["email"]["invitations"][0]["invitation"] == "Design review, 2026-11-24 15:00"


def test_empty_trash_only_after_an_explicit_yes(tmp_path) -> None:
    root, _ = _inbox(tmp_path)
    with harness(tmp_path / "home", maildir=str(root)) as h:
        h.ask("read the junk")
        h.ask("delete that")
        h.check([Case("empty the trash", asks=True, reply_contains=["can't be undone"]), Case("no")])
        assert len(files(root, "Trash")) == 1
        h.check([Case("empty the trash", asks=True), Case("yes", reply_contains=["1 message deleted for good"])])
        assert files(root, "Trash") == [] and len(files(root, "INBOX")) == 3


def test_no_mailbox_yet_says_how_to_set_one_up(tmp_path) -> None:
    with harness(tmp_path / "home") as h:
        h.check([Case("Do I have new email?", reply_contains=["no mailbox at", "imap_host", "password_command"]),
                 Case("What's important?", reply_contains=["no mailbox at"])])


def test_filing_by_voice_teaches_and_replies_go_to_the_message_being_read(tmp_path) -> None:
    root, store = _inbox(tmp_path)
    with harness(tmp_path / "home", maildir=str(root)) as h:
        h.check([
            Case("Mark the newsletters as read", intent="mark_read", reply_contains=["1 message as read"]),
            Case("Read my email from Paul", reply_contains=["Contract"]),
            Case("Move it to junk", intent="move_to", reply_contains=["Moved it to Junk"]),
            Case("Read my email from Amy"),
            Case("Reply saying see you on Friday", intent="reply_current", asks=True,
                 reply_contains=["reply to Amy", "See you on Friday."]),
            Case("no", reply_contains=["drafts"]),
        ])
        assert len(files(root, "Junk")) == 1
        newsletter = [p for p in files(root, "INBOX") if b"Issue 12" in p.read_bytes()][0]
        assert newsletter.name.endswith(",S")
        store.append("INBOX", mail(PAUL, "And another", "Please call me back?", seed=12))
        turn = h.ask("read the junk")  # moving Paul's mail to Junk taught triage about Paul
        assert {m["subject"] for m in turn.data["email"]["messages"]} >= {"And another"}
        assert b"In-Reply-To" in files(root, "Drafts")[0].read_bytes()
