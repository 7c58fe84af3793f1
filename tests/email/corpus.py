"""A labelled set of realistic messages, generated deterministically from a seed.

Each category has several kinds of message (a friend asking about dinner, a build-failure
notification, a phishing mail pretending to be a bank, ...) with varied names, wording and
structure (plain, HTML-only, multipart with calendar parts or attachments). Some are meant to be
hard: questions inside quoted text, newsletters that say "urgent", polite spam that asks a
question. Used by the accuracy test and by benchmarks/bench_email.py.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

ME = "theo@twombly.example"
ME_NAME = "Theodore Twombly"
BASE = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)

FRIENDS = [("Amy", "amy@catherine.example"), ("Paul", "paul.letters@beautiful-handwritten.example"),
           ("Catherine", "catherine.klausen@mail.example"), ("Charles", "charles@amyandcharles.example"),
           ("Tatiana", "tatiana@letters.example"), ("Lewman", "lewman@beautiful-handwritten.example"),
           ("Isabella", "isabella.s@mail.example"), ("Mark", "mark.j@studio.example")]
STRANGERS = [("Jordan Lee", "jordan.lee@recruit-partners.example"), ("Dana Ortiz", "dana@cityevents.example"),
             ("Sam Patel", "sam.patel@contractor.example"), ("Riley Chen", "riley@neighbourhood.example")]
TOPICS = ["the Friday dinner", "the book proposal", "the letters for Mr Harlan", "the trip to the cabin",
          "the birthday card", "our weekend plans", "the apartment lease", "the anniversary letter",
          "the quarterly review", "the new client"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
CATEGORIES = ("urgent", "reply", "info", "bulk", "junk")


@dataclass(frozen=True)
class Sample:
    """One generated message and its true category."""

    raw: bytes
    label: str
    kind: str
    """Which template made it (for the confusion report)."""


def _msg(rng: random.Random, sender: tuple[str, str], subject: str, body: str, to: str = ME,
         extra: dict[str, str] | None = None, html: str = "", cc: str = "", calendar: str = "",
         attachment: int = 0, quoted: str = "") -> bytes:
    when = BASE - timedelta(minutes=rng.randint(0, 60 * 24 * 14))
    name, address = sender
    headers = {"From": f"{name} <{address}>" if name else address, "To": to, "Subject": subject,
               "Date": format_datetime(when), "Message-ID": f"<{rng.getrandbits(64):x}@{address.split('@')[1]}>",
               "MIME-Version": "1.0"}
    if cc:
        headers["Cc"] = cc
    headers.update(extra or {})
    text = body + (f"\n\nOn {DAYS[rng.randrange(6)]}, {ME_NAME} wrote:\n" +
                   "\n".join("> " + line for line in quoted.split("\n")) if quoted else "")
    if not (html or calendar or attachment):
        head = "".join(f"{k}: {v}\n" for k, v in headers.items())
        return (head + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + text +
                "\n").encode("utf-8")
    boundary = f"=_b{rng.getrandbits(32):x}"
    parts = []
    if html and not body:
        parts.append(f"Content-Type: text/html; charset=utf-8\n\n{html}\n")
    else:
        parts.append(f"Content-Type: text/plain; charset=utf-8\n\n{text}\n")
        if html:
            parts.append(f"Content-Type: text/html; charset=utf-8\n\n{html}\n")
    if calendar:
        parts.append(f"Content-Type: text/calendar; method=REQUEST; charset=utf-8\n\n{calendar}\n")
    if attachment:
        blob = base64.encodebytes(rng.randbytes(attachment)).decode()
        parts.append("Content-Type: application/pdf; name=\"scan.pdf\"\nContent-Transfer-Encoding: base64\n"
                     f"Content-Disposition: attachment; filename=\"scan.pdf\"\n\n{blob}")
    kind = "alternative" if html and not calendar and not attachment else "mixed"
    head = "".join(f"{k}: {v}\n" for k, v in headers.items())
    out = head + f"Content-Type: multipart/{kind}; boundary=\"{boundary}\"\n\n"
    out += "".join(f"--{boundary}\n{p}" for p in parts) + f"--{boundary}--\n"
    return out.encode("utf-8")


def _sign(rng: random.Random, name: str) -> str:
    return rng.choice([f"\n\n{name}", f"\n\nThanks,\n{name}", f"\n\n-- \n{name}\nSent from my phone",
                       f"\n\nLove,\n{name}", f"\n\nBest,\n{name}\n\nSent from my iPhone"])


# -- urgent ---------------------------------------------------------------------------------------
def urgent(rng: random.Random) -> tuple[bytes, str]:
    who = rng.choice(FRIENDS)
    topic = rng.choice(TOPICS)
    kind = rng.randrange(7)
    if kind == 6:  # hard: urgency without the usual words
        body = f"The meeting about {topic} got moved up to 3pm today. Can you still make it?"
        return _msg(rng, who, "Meeting moved to 3pm", body + _sign(rng, who[0])), "hard-moved-up"
    if kind == 0:
        body = f"Theo, I need the signed pages for {topic} by end of day or we lose the slot. Can you send them?"
        return _msg(rng, who, f"Need this by end of day: {topic}", body + _sign(rng, who[0])), "eod"
    if kind == 1:
        body = "The printer at the office died and the client is here in an hour. Please call me ASAP."
        return _msg(rng, who, "URGENT - call me", body + _sign(rng, who[0])), "asap"
    if kind == 2:
        body = f"Quick one: the venue needs our answer about {topic} by tomorrow morning. Yes or no?"
        return _msg(rng, who, f"Re: {topic}", body + _sign(rng, who[0]), quoted="Let's talk about it later."), \
            "tomorrow"
    if kind == 3:
        body = "Your flight was moved. You need to rebook immediately, the new one leaves at 7."
        return _msg(rng, who, "Flight change", body + _sign(rng, who[0]), extra={"X-Priority": "1 (Highest)"}), \
            "priority"
    if kind == 4:
        body = (f"Hi Theo,\n\nThis is time-sensitive: the landlord wants the papers for {topic} today, "
                f"otherwise the deal is off.\nCould you drop them off before five?")
        return _msg(rng, who, f"Time-sensitive: {topic}", body + _sign(rng, who[0])), "time-sensitive"
    body = "Emergency at mum's place, nothing serious but I need you to pick up Lucy from school right away."
    return _msg(rng, who, "Can you get Lucy?", body + _sign(rng, who[0]), extra={"Importance": "high"}), \
        "emergency"


# -- needs a reply ----------------------------------------------------------------------------------
def reply(rng: random.Random) -> tuple[bytes, str]:
    who = rng.choice(FRIENDS)
    topic = rng.choice(TOPICS)
    day = rng.choice(DAYS)
    kind = rng.randrange(8)
    if kind == 7:  # hard: a direct question to someone only copied in
        other = rng.choice([f for f in FRIENDS if f != who])
        body = f"{other[0]}, here is the plan for {topic}. Theo, could you confirm the budget line?"
        return _msg(rng, who, f"Plan for {topic}", body + _sign(rng, who[0]), to=f"{other[0]} <{other[1]}>",
                    cc=f"{ME_NAME} <{ME}>"), "hard-cc-asked"
    if kind == 0:
        body = f"Hey! Are you free on {day} evening? We could finally have dinner at that Italian place."
        return _msg(rng, who, f"Dinner {day}?", body + _sign(rng, who[0])), "dinner"
    if kind == 1:
        body = f"I've attached my notes on {topic}. What do you think about the second part?"
        return _msg(rng, who, f"Thoughts on {topic}", body + _sign(rng, who[0]), attachment=rng.randint(2_000, 30_000)), \
            "thoughts"
    if kind == 2:
        cal = ("BEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nSUMMARY:Review of " + topic + "\n"
               f"DTSTART:202611{rng.randint(23, 28)}T{rng.choice(['0900', '1400', '1530'])}00Z\n"
               "DTEND:20261123T160000Z\nEND:VEVENT\nEND:VCALENDAR")
        body = f"Invitation: Review of {topic}. Please accept or decline in your calendar."
        return _msg(rng, who, f"Invitation: Review of {topic}", body, calendar=cal), "invitation"
    if kind == 3:
        stranger = rng.choice(STRANGERS)
        body = (f"Dear Mr Twombly,\n\nI came across your letters on BeautifulHandwrittenLetters.com. Would you be "
                f"open to a short call next week about a writing position?\n\nKind regards,\n{stranger[0]}")
        return _msg(rng, stranger, "A writing position", body), "stranger-question"
    if kind == 4:
        body = f"Could you review the draft of {topic} when you get a chance? No rush."
        return _msg(rng, who, f"Draft: {topic}", body + _sign(rng, who[0])), "review"
    if kind == 5:
        html = (f"<html><body><p>Hi Theo,</p><p>Can you let me know which day works for {topic}? "
                f"{day} or the one after?</p><p>{who[0]}</p></body></html>")
        return _msg(rng, who, f"Which day for {topic}", "", html=html), "html-question"
    body = f"The proposal for {topic} is due by {day}. Let me know if you want to go through it together."
    return _msg(rng, who, f"{topic} due {day}", body + _sign(rng, who[0])), "deadline"


# -- for information --------------------------------------------------------------------------------
def info(rng: random.Random) -> tuple[bytes, str]:
    who = rng.choice(FRIENDS)
    other = rng.choice([f for f in FRIENDS if f != who])
    topic = rng.choice(TOPICS)
    kind = rng.randrange(7)
    if kind == 6:  # a friend forwarding an article, with a tracking link
        body = (f"Thought you'd like this piece on {topic}:\nhttps://magazine.example/a/{rng.randint(1, 999)}"
                "?utm_source=share")
        return _msg(rng, who, "An article for you", body + _sign(rng, who[0])), "article"
    if kind == 0:
        body = "Here are the photos from the weekend. The one at the lake is my favourite."
        return _msg(rng, who, "Photos from the weekend", body + _sign(rng, who[0]), attachment=rng.randint(5_000, 60_000)), \
            "photos"
    if kind == 1:
        body = f"{other[0]}, can you book the room for {topic}? Theo, just keeping you in the loop."
        return _msg(rng, who, f"Room for {topic}", body + _sign(rng, who[0]), to=f"{other[0]} <{other[1]}>",
                    cc=f"{ME_NAME} <{ME}>"), "cc-question"
    if kind == 2:
        body = f"Notes from today's meeting about {topic}:\n- budget approved\n- next review in two weeks"
        return _msg(rng, who, f"Notes: {topic}", body + _sign(rng, who[0])), "notes"
    if kind == 3:
        body = "Sounds good, thanks! See you then."
        return _msg(rng, who, f"Re: {topic}", body + _sign(rng, who[0]),
                    quoted=f"Shall we meet on {rng.choice(DAYS)}?\nWhat time suits you?"), "quoted-question"
    if kind == 4:
        body = f"FYI - the office will be closed on {rng.choice(DAYS)} for the move. Nothing to do on your side."
        return _msg(rng, who, "FYI: office closed", body + _sign(rng, who[0])), "fyi"
    body = f"I finished {topic} last night. It came out better than I expected."
    return _msg(rng, who, f"Finished {topic}", body + _sign(rng, who[0])), "news"


# -- newsletters and notifications ------------------------------------------------------------------
def bulk(rng: random.Random) -> tuple[bytes, str]:
    kind = rng.randrange(7)
    n = rng.randint(100, 9999)
    if kind == 6:  # hard: an automatic reminder with no bulk headers
        body = f"Reminder: your appointment is on {rng.choice(DAYS)} at 10:00. Reply C to confirm."
        return _msg(rng, ("Dental Clinic", "reminders@dentalclinic.example"), "Appointment reminder", body), \
            "hard-reminder"
    if kind == 0:
        html = ("<html><head><style>p{color:red}</style></head><body><img src='https://t.example/p.gif'>"
                f"<h1>The Weekly Letter #{n}</h1><p>This week: handwriting, fountain pens and why letters matter.</p>"
                "<p><a href='https://news.example/track?u=1'>Read more</a></p><p>Unsubscribe | View in browser</p>"
                "</body></html>")
        return _msg(rng, ("The Weekly Letter", "newsletter@weeklyletter.example"), f"The Weekly Letter #{n}", "",
                    html=html, extra={"List-Unsubscribe": "<https://news.example/unsub?u=1>",
                                      "List-Id": "Weekly Letter <weekly.weeklyletter.example>"}), "newsletter"
    if kind == 1:
        body = f"Build #{n} failed on main.\n\nView the run: https://ci.example/runs/{n}"
        return _msg(rng, ("CI", "notifications@ci.example"), f"[os1] Build #{n} failed", body,
                    extra={"Auto-Submitted": "auto-generated"}), "ci"
    if kind == 2:
        body = f"Your order #{n} has shipped and will arrive {rng.choice(DAYS)}. Track it here: https://ship.example/{n}"
        return _msg(rng, ("Parcel Service", "no-reply@parcels.example"), f"Your order #{n} has shipped", body), \
            "shipping"
    if kind == 3:
        who = rng.choice(FRIENDS)
        body = "Does anyone know a good way to restore old letters? Mine are fading.\n\n--\nletters-club mailing list"
        return _msg(rng, who, "[letters-club] restoring old letters?", body, to="letters-club@lists.example",
                    extra={"List-Id": "Letter writers <letters-club.lists.example>", "Precedence": "list"}), "list"
    if kind == 4:
        body = ("URGENT: only 24 hours left! Our winter sale ends tonight. Shop now and save 40% on all notebooks.\n"
                "https://shop.example/sale?utm_source=mail")
        return _msg(rng, ("Paper & Ink", "offers@paperandink.example"), "Last chance: sale ends tonight", body,
                    extra={"List-Unsubscribe": "<mailto:unsub@paperandink.example>", "Precedence": "bulk"}), \
            "sale"
    body = f"Hi Theodore, your monthly statement for account ending {n} is ready. Log in to view it."
    return _msg(rng, ("City Bank", "alerts@citybank.example"), "Your statement is ready", body,
                extra={"Auto-Submitted": "auto-generated"}), "statement"


# -- junk -------------------------------------------------------------------------------------------
def junk(rng: random.Random) -> tuple[bytes, str]:
    kind = rng.randrange(7)
    n = rng.randint(1000, 99999)
    rand = f"{rng.getrandbits(24):x}"
    if kind == 6:  # hard: a friendly-sounding scam
        body = "Hi dear, I am Anna. I saw your profile and I want to know you better. Do you want to chat with me?"
        return _msg(rng, ("Anna", f"anna{rand}@meet-{n}.example"), "Hello from Anna", body), "hard-romance"
    if kind == 0:
        body = ("Dear Friend,\n\nYou have won 1,500,000 USD in the international email lottery! To claim your prize "
                "send your full name and bank details.\n")
        return _msg(rng, ("Lottery Board", f"claims{rand}@winners-{n}.example"), "CONGRATULATIONS YOU ARE A WINNER!!!",
                    body, to="undisclosed-recipients:;"), "lottery"
    if kind == 1:
        html = (f"<html><body><p>Your PayPal account has been limited.</p><p>Verify your account within 24 hours: "
                f"<a href='http://192.168.{n % 255}.7/login'>http://192.168.{n % 255}.7/login</a></p></body></html>")
        return _msg(rng, ("PayPal Security", f"service@pp-secure-{rand}.example"), "Action required on your account",
                    "", html=html), "phishing"
    if kind == 2:
        body = "Cheap pills, no prescription needed. Viagra, Cialis and more at the lowest price. Order now!"
        return _msg(rng, ("Pharmacy", f"{rand}@pharma{n}.example"), "Lowest price pills", body,
                    extra={"X-Spam-Flag": "YES", "X-Spam-Status": "Yes, score=9.1"}), "pharma"
    if kind == 3:
        body = ("I am Barrister James, the lawyer of a late client who left an inheritance of 12 million dollars. "
                "As his next of kin you are the beneficiary. Reply with your details for the wire transfer.")
        return _msg(rng, ("Barrister James", f"james{rand}@law-chambers{n}.example"), "Inheritance",
                    body, to="undisclosed-recipients:;",
                    extra={"Reply-To": f"james.private{n}@freemail.example"}), "inheritance"
    if kind == 4:
        body = ("Make money from home! Earn $500 a day with our crypto investment opportunity. 100% free to join, "
                "risk-free. Click here to start.")
        return _msg(rng, ("Crypto Riches", f"info@crypto-{rand}.example"), "Earn $500/day from home!!",
                    body), "crypto"
    body = ("Hi,\n\nI saw your website and we can get you on the first page of search results. "
            "Would you be interested in a quick chat?\n\nRegards,\nSEO Team")
    return _msg(rng, ("SEO Team", f"outreach{rand}@seo-{n}.example"), "Your website", body), "seo"


_MAKERS = {"urgent": urgent, "reply": reply, "info": info, "bulk": bulk, "junk": junk}


def labelled(n_per_category: int = 60, seed: int = 7) -> list[Sample]:
    """*n_per_category* messages of each category, interleaved, the same for the same seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(n_per_category):
        for label in CATEGORIES:
            raw, kind = _MAKERS[label](rng)
            out.append(Sample(raw, label, f"{label}/{kind}"))
    return out


def sent_mail(seed: int = 7) -> list[bytes]:
    """The person's sent mail: they write to their friends (often) and never to strangers."""
    rng = random.Random(seed + 1)
    out = []
    for i, (name, address) in enumerate(FRIENDS):
        for _ in range(1 + (i * 3) % 5):
            out.append(_msg(rng, (ME_NAME, ME), f"About {rng.choice(TOPICS)}", "Let's talk soon.",
                            to=f"{name} <{address}>", extra={"In-Reply-To": f"<{rng.getrandbits(32):x}@x.example>"}))
    return out
