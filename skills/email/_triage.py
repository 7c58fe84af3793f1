"""Triage: which of five piles a message belongs in, and why, in words a person can hear.

Pure functions: :func:`signals` reads a parsed message (what it says, how it was addressed);
:func:`classify` weighs those signals against who the sender is to the person (:class:`Person`)
and returns a :class:`Verdict`. No I/O, no clock: the message's own date is the reference.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ._message import Parsed
from ._text import URL, own_words

__all__ = ["CATEGORIES", "LABELS", "Person", "Signals", "Verdict", "signals", "classify", "signals_to_dict"]

CATEGORIES = ("urgent", "reply", "info", "bulk", "junk")
"""The five piles, most pressing first."""
LABELS = {"urgent": "urgent", "reply": "needs a reply", "info": "for information",
          "bulk": "newsletters and notifications", "junk": "junk"}
"""How each pile is named to the person."""


@dataclass(frozen=True)
class Person:
    """Who a sender is to the person, from their own mail and their corrections."""

    address: str
    name: str = ""
    sent: int = 0
    """Messages the person sent to this address (from the Sent folder)."""
    replied: int = 0
    """Of those, replies to this sender's mail."""
    contact: bool = False
    """In the person's contacts."""
    important: bool = False
    """The person said so ("Amy is important")."""
    verdict: str = ""
    """A correction for all this sender's mail: ``junk``, ``not_junk``, ``bulk`` or ``not_bulk``."""

    @property
    def known(self) -> bool:
        return self.sent > 0 or self.contact or self.important


@dataclass(frozen=True)
class Signals:
    """What a message says about itself (kept in the index so mail can be re-triaged cheaply)."""

    direct: bool
    """One of the person's addresses is in To (not only Cc, not only a list)."""
    cc: bool
    """One of the person's addresses is in Cc."""
    list_name: str
    """The mailing list (List-Id), or "" for none."""
    bulk_header: str
    """The header showing automatic or bulk sending ("List-Unsubscribe", "Precedence: bulk"), or ""."""
    robot_sender: bool
    """The sender's address looks automatic (noreply@, notifications@, mailer-daemon@)."""
    question: str
    """The first question or request in the sender's own words, or ""."""
    asked_by_name: bool
    """A question or request names the person ("Theo, could you ..."), even if they are only copied in."""
    urgent_words: str
    """The first urgency marker ("urgent", "asap", "by tomorrow"), or ""."""
    deadline: str
    """A later deadline ("by Friday", "deadline"), or ""."""
    high_priority: bool
    invitation: str
    """A calendar invitation's summary, or ""."""
    junk_score: float
    """How spam-like the message is; 2.5 and above is junk from a stranger."""
    junk_reason: str
    """The strongest junk signal, in words, or ""."""


@dataclass(frozen=True)
class Verdict:
    """Where a message goes and why."""

    category: str
    """One of :data:`CATEGORIES`."""
    reason: str
    """Why, as a phrase that follows the sender ("from Amy, whom you write to often, and ...")."""


_ROBOT = re.compile(r"^(no-?reply|do-?not-?reply|donotreply|notifications?|notify|alerts?|mailer-daemon|"
                    r"postmaster|bounces?|news(letter)?s?|updates?|digest|automated|system|support-noreply)"
                    r"([+.\-_].*)?@", re.I)
_REQUEST = re.compile(
    r"\b(can you|could you|would you|will you|please (let me know|confirm|send|reply|"
    r"review|check|call|sign|approve|advise)|let me know|rsvp|get back to me|your thoughts|"
    r"are you (free|available|around|coming))\b[^.!?\n]{0,120}", re.I)
_URGENT = re.compile(
    r"\b(urgent(ly)?|asap|as soon as possible|immediately|right away|emergency|critical|"
    r"by (end of (the )?day|eod|today|tonight|this (morning|afternoon|evening)|tomorrow( morning)?|noon)|"
    r"(due|deadline is) (today|tomorrow|tonight)|time[- ]sensitive|within the (hour|next hour))\b", re.I)
_DEADLINE = re.compile(
    r"\b(deadline|due (on|by)|by (monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"next week|the end of the week|the \d{1,2}(st|nd|rd|th))|no later than|before (monday|tuesday|"
    r"wednesday|thursday|friday|the weekend))\b", re.I)
_SPAM_PHRASES = [
    (re.compile(p, re.I), why) for p, why in [
        (r"\b(you have|you've) (won|been selected)|\bwinner\b|\blottery\b|claim your (prize|reward)",
         "it says you've won something"),
        (r"\b(viagra|cialis|pharmacy|pills?|weight loss|diet pills)\b", "it sells pills"),
        (r"\b(million|billion) (dollars|usd|euros)|inheritance|next of kin|beneficiary|wire transfer",
         "it promises you a fortune"),
        (r"\b(verify|confirm|update) your (account|password|banking|billing)|account (has been )?"
         r"(suspended|locked|limited)", "it asks for your account details"),
        (r"\b(100% free|risk[- ]free|act now|limited time offer|click here|order now|buy now|"
         r"cheap|lowest price|no credit check|earn \$?\d+|work from home|crypto|bitcoin|investment opportunity)\b",
         "it's a hard sell"),
        (r"\bdear (friend|customer|user|beneficiary|sir/madam|sir or madam)\b", "it doesn't know your name"),
        (r"\b(seo|search engine optimi[sz]ation|first page of (google|search results)|increase your "
         r"(traffic|sales|ranking)|(saw|visited|came across) your (website|site))\b", "it's cold marketing"),
    ]]
_SPAM = re.compile("|".join(f"(?P<g{i}>{rx.pattern})" for i, (rx, _) in enumerate(_SPAM_PHRASES)), re.I)
"""All spam phrases in one pattern: one scan of the text instead of one per phrase."""
_SIGNAL_CHARS = 6000
"""Characters of the sender's own words read for signals (what matters comes first)."""
_BRANDS = ("paypal", "apple", "amazon", "microsoft", "netflix", "bank", "irs", "dhl", "fedex", "wells fargo")
_IP_LINK = re.compile(r"https?://\d{1,3}(\.\d{1,3}){3}")


def _mine(addresses: tuple[str, ...], me: frozenset[str]) -> bool:
    return any(a in me for a in addresses)


def _junk(msg: Parsed, words: str, direct: bool) -> tuple[float, str]:
    score, reasons = 0.0, []
    if msg.spam_flag:
        score += 3
        reasons.append("your mail server's spam filter flagged it")
    found: dict[int, set[str]] = {}
    for m in _SPAM.finditer(words):
        found.setdefault(int(m.lastgroup[1:]), set()).add(m.group(0).lower())  # type: ignore[index]
    for i in sorted(found):
        score += 1.2 * min(len(found[i]), 3)
        reasons.append(_SPAM_PHRASES[i][1])
    subject_letters = [c for c in msg.subject if c.isalpha()]
    if len(subject_letters) >= 8 and sum(c.isupper() for c in subject_letters) > 0.7 * len(subject_letters):
        score += 1
        reasons.append("its subject is shouting")
    if msg.subject.count("!") >= 2 or "$$" in words:
        score += 0.8
    name = msg.sender_name.lower()
    domain = msg.sender.rpartition("@")[2]
    for brand in _BRANDS:
        if brand in name and brand.replace(" ", "") not in domain:
            score += 1.5
            reasons.append(f"it claims to be from {brand.title()} but isn't")
            break
    if _IP_LINK.search(words):
        score += 1
        reasons.append("it links to a bare internet address")
    if msg.reply_to and msg.sender and msg.reply_to.rpartition("@")[2] != domain:
        score += 0.5
    if not direct and not msg.list_id and not msg.cc:
        score += 0.5  # sent to someone else (Bcc blast, "undisclosed recipients")
    return score, reasons[0] if reasons else ""


def _questions(text: str, most: int = 8) -> list[tuple[int, int]]:
    """Spans of the sentences that end in "?" and of requests ("could you ..."), in order."""
    spans: list[tuple[int, int]] = []
    end = text.find("?")
    while end >= 0 and len(spans) < most:
        start = max(text.rfind(".", 0, end), text.rfind("!", 0, end), text.rfind("?", 0, end),
                    text.rfind("\n", 0, end)) + 1
        if end - start >= 3:
            spans.append((start, end + 1))
        end = text.find("?", end + 1)
    spans += [m.span() for m in _REQUEST.finditer(text[:5000])][:most]
    return sorted(spans)


def _names_me(text: str, names: tuple[str, ...]) -> bool:
    words = re.findall(r"[A-Z][a-z]{2,}", text)
    return any(n.startswith(w.lower()) for w in words for n in names)


def signals(msg: Parsed, me: frozenset[str], names: tuple[str, ...] = ()) -> Signals:
    """Read what *msg* says about itself.

    Args:
        msg: the parsed message.
        me: the person's addresses, lower case.
        names: the person's first names, lower case ("theodore"); "Theo" counts as naming them.
    """
    own = URL.sub(" ", own_words(msg.text[: 2 * _SIGNAL_CHARS])[:_SIGNAL_CHARS])
    words = f"{msg.subject}\n{own}"
    direct = _mine(msg.to, me)
    bulk_header = ""
    if msg.list_unsubscribe:
        bulk_header = "it has an unsubscribe link"
    elif msg.precedence in ("bulk", "list", "junk"):
        bulk_header = f"it was sent as {msg.precedence} mail"
    elif msg.auto_submitted and msg.auto_submitted != "no":
        bulk_header = "it was sent automatically"
    questions = _questions(own)
    question = own[questions[0][0]:questions[0][1]] if questions else ""
    by_name = any(_names_me(own[max(0, a - 40):b], names) for a, b in questions) if names else False
    urgent = _URGENT.search(words)
    deadline = _DEADLINE.search(words)
    score, why = _junk(msg, words, direct)
    return Signals(
        direct=direct, cc=_mine(msg.cc, me), list_name=_list_name(msg.list_id), bulk_header=bulk_header,
        robot_sender=bool(_ROBOT.match(msg.sender)) or not msg.sender,
        question=" ".join(question.split())[:120], asked_by_name=by_name,
        urgent_words=urgent.group(0).lower() if urgent else "",
        deadline=deadline.group(0).lower() if deadline else "",
        high_priority=msg.high_priority, invitation=msg.invitation, junk_score=round(score, 2),
        junk_reason=why,
    )


def _list_name(list_id: str) -> str:
    if not list_id:
        return ""
    match = re.search(r"<([^>]+)>", list_id)
    name = list_id[: list_id.find("<")].strip().strip('"') if "<" in list_id else ""
    return name or (match.group(1).split(".")[0] if match else list_id.split(".")[0])


def _who(person: Person, display: str) -> str:
    """'from Amy, whom you write to often' and its kin."""
    name = display or person.name or person.address or "an unknown sender"
    if person.important:
        return f"from {name}, whom you marked as important"
    if person.sent >= 3:
        return f"from {name}, whom you write to often"
    if person.replied or person.sent:
        return f"from {name}, whom you've written to before"
    if person.contact:
        return f"from {name}, one of your contacts"
    return f"from {name}"


def classify(sig: Signals, person: Person, display: str = "") -> Verdict:
    """Put a message in one of :data:`CATEGORIES`, with a reason.

    Args:
        sig: what the message says about itself.
        person: who its sender is to the person (an unknown sender is ``Person(address)``).
        display: the sender's name as the message gives it.
    """
    who = _who(person, display)
    if person.verdict == "junk":
        return Verdict("junk", f"{who}; you told me their mail is junk")
    if person.verdict == "bulk":
        return Verdict("bulk", f"{who}; you told me their mail is a newsletter or notification")
    threshold = 4.5 if person.known else 2.5
    if person.verdict != "not_junk" and sig.junk_score >= threshold:
        return Verdict("junk", f"{who}, and it looks like junk: {sig.junk_reason or 'it reads like spam'}")
    bulk = sig.list_name or sig.bulk_header or (sig.robot_sender and not person.known)
    if bulk and person.verdict != "not_bulk" and not person.important:
        if sig.list_name:
            why = f"it came through the {sig.list_name} mailing list"
        else:
            why = sig.bulk_header or "it comes from an automatic address"
        return Verdict("bulk", f"{who}, and {why}")
    addressed = sig.direct or person.important
    pressing = sig.urgent_words or ("marked high priority" if sig.high_priority else "")
    if addressed and pressing:
        return Verdict("urgent", f"{who}, and it says “{pressing}”")
    if person.important and (sig.question or sig.deadline):
        return Verdict("urgent", f"{who}, and it asks you something")
    if sig.invitation.startswith("Cancelled: ") and (sig.direct or sig.cc):
        return Verdict("info", f"{who}, and it calls off a meeting: {sig.invitation.removeprefix('Cancelled: ')}")
    if sig.invitation and (sig.direct or sig.cc):
        return Verdict("reply", f"{who}, and it's an invitation: {sig.invitation}")
    if sig.direct and sig.question:
        return Verdict("reply", f"{who}, and it asks you a question")
    if sig.cc and sig.asked_by_name:
        return Verdict("reply", f"{who}; you're copied in, but it asks you something by name")
    if sig.direct and sig.deadline:
        return Verdict("reply", f"{who}, and it mentions a deadline ({sig.deadline})")
    if sig.cc and not sig.direct:
        return Verdict("info", f"{who}; you're only copied in")
    if not sig.direct:
        return Verdict("info", f"{who}; it isn't addressed to you directly")
    return Verdict("info", f"{who}, and it doesn't ask anything of you")


def signals_to_dict(sig: Signals) -> dict[str, object]:
    """Signals as a JSON-able dict (for the index)."""
    return asdict(sig)
