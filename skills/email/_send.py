"""Writing replies: composing them, sending them over SMTP, or keeping them as drafts."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from typing import Any

from ._config import MailConfig, MailError, password
from ._message import header_text

__all__ = ["compose_reply", "compose_rsvp", "send", "tidy_dictation"]


def tidy_dictation(words: str) -> str:
    """Dictated words as a sentence: "i will be there at eight" -> "I will be there at eight."."""
    text = " ".join(words.split())
    if not text:
        return text
    text = " ".join("I" if w == "i" else w for w in text.split(" "))
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def compose_reply(original: bytes, body: str, config: MailConfig) -> EmailMessage:
    """A reply to *original* (its raw bytes) saying *body*, from the person's first address.

    Raises:
        MailError: the person's address is not set, or the original has no one to reply to.
    """
    msg = _answer(original, config, None, None)
    msg.set_content(body + "\n")
    return msg


def compose_rsvp(original: bytes, to: tuple[str, str], subject: str, body: str, ics: str,
                 config: MailConfig) -> EmailMessage:
    """An answer to a meeting invitation in *original*: *body* for the organiser to read, and *ics*
    (an iTIP REPLY, see :func:`os1.skills.scheduling.reply_ics`) for their calendar program.

    Args:
        to: the organiser's (name, address).
        subject: "Accepted: Design review".

    Raises:
        MailError: the person's address is not set.
    """
    msg = _answer(original, config, to, subject)
    msg.set_content(body + "\n")
    msg.add_alternative(ics, subtype="calendar", params={"method": "REPLY"})
    return msg


def _answer(original: bytes, config: MailConfig, to: tuple[str, str] | None, subject: str | None) -> EmailMessage:
    """Headers of an answer to *original*: to its sender (or *to*), "Re: " its subject (or *subject*)."""
    if not config.addresses:
        raise MailError("I need your own address to reply: set addresses = [\"you@example.com\"] under "
                        "[skills.email] in settings.toml.")
    from email.parser import BytesHeaderParser
    from email.policy import compat32

    head = BytesHeaderParser(policy=compat32).parsebytes(original)
    if to is None:
        to = parseaddr(header_text(head.get("Reply-To") or head.get("From")))
    if "@" not in to[1]:
        raise MailError("That message has no address I can reply to.")
    if subject is None:
        subject = header_text(head.get("Subject"))
        subject = subject if subject.lower().startswith("re:") else f"Re: {subject}".strip()
    msg = EmailMessage()
    msg["From"] = formataddr((config.name, config.addresses[0])) if config.name else config.addresses[0]
    msg["To"] = formataddr(to) if to[0] else to[1]
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=config.addresses[0].rpartition("@")[2] or None)
    original_id = header_text(head.get("Message-ID"))
    if original_id:
        msg["In-Reply-To"] = original_id
        msg["References"] = (header_text(head.get("References")) + " " + original_id).strip()
    return msg


def deliver(msg: EmailMessage, box: Any) -> None:
    """Send *msg* with the mailbox's settings and file it in Sent; if sending fails, file it in
    Drafts instead (nothing the person confirmed is lost) and raise.

    Raises:
        MailError: as :func:`send`.
    """
    try:
        send(msg, box.config)
    except MailError:
        box.save("Drafts", msg.as_bytes(), "D")
        raise
    box.save("Sent", msg.as_bytes(), "S")


def send(msg: EmailMessage, config: MailConfig) -> None:
    """Send *msg* through the configured SMTP server.

    Raises:
        MailError: no server set, it could not be reached, or it refused the login or a recipient.
    """
    if not config.smtp_host:
        raise MailError("I can't send mail yet: set smtp_host (and smtp_port) under [skills.email] in settings.toml. "
                        "I've kept the reply as a draft.")
    where = f"{config.smtp_host}:{config.smtp_port}"
    try:
        if config.smtp_ssl:
            server: smtplib.SMTP = smtplib.SMTP_SSL(config.smtp_host, config.smtp_port, timeout=config.timeout,
                                                    context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.timeout)
        with server:
            if config.smtp_starttls and not config.smtp_ssl and server.has_extn("starttls"):
                server.starttls(context=ssl.create_default_context())
            if config.smtp_user:
                server.login(config.smtp_user, password(config, config.smtp_user))
            server.send_message(msg)
    except smtplib.SMTPAuthenticationError:
        raise MailError(f"The outgoing mail server at {where} refused the password for {config.smtp_user}. "
                        f"I've kept the reply as a draft.") from None
    except smtplib.SMTPRecipientsRefused:
        raise MailError(f"The outgoing mail server at {where} refused the address {msg['To']}. "
                        f"I've kept the reply as a draft.") from None
    except (TimeoutError, smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        raise MailError(f"I couldn't send through {where} ({type(exc).__name__}). Check smtp_host and smtp_port "
                        f"under [skills.email]. I've kept the reply as a draft.") from None
