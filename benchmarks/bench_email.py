"""Email triage benchmark: throughput on a 50,000-message Maildir, incremental refresh, and
"what's important?" answered from the index.

Run from the repository root::

    .venv/bin/python benchmarks/bench_email.py [--messages 50000] [--keep DIR]

Targets (issue 7): triage over 2,000 messages/s; refresh with 10 new messages under 1 s;
"what's important?" under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "email"))

import corpus  # noqa: E402 - the labelled-message generator lives with the tests
from os1.skills.email import EmailSkill  # noqa: E402
from os1.skills.email._config import load_config  # noqa: E402
from os1.skills.email._index import Index  # noqa: E402
from os1.skills.email._maildir import MaildirStore  # noqa: E402
from os1.skills.email._refresh import refresh  # noqa: E402

from os1.testing import SkillHarness  # noqa: E402


def build_maildir(root: Path, count: int) -> None:
    """*count* generated messages in root/new (written plainly: building the fixture is not measured)."""
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    store = MaildirStore(root)
    for raw in corpus.sent_mail():
        store.append("Sent", raw, "S")
    made, seed = 0, 0
    while made < count:
        for sample in corpus.labelled(min(200, (count - made + 4) // 5), seed=seed):
            if made >= count:
                break
            (root / "new" / f"{1_700_000_000 + made}.M{made}P1.bench").write_bytes(sample.raw)
            made += 1
        seed += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="build in this directory and keep it")
    parser.add_argument("--imap", type=int, default=0, metavar="N",
                        help="also triage N messages over IMAP from a throwaway Dovecot on loopback")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="os1-bench-email-"))
    try:
        run(work, args.messages)
        if args.imap:
            run_imap(work, args.imap)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, count: int) -> None:
    maildir = work / "Maildir"
    start = time.perf_counter()
    build_maildir(maildir, count)
    size = sum(p.stat().st_size for p in (maildir / "new").iterdir())
    print(f"built {count} messages ({size / 1e6:.0f} MB) in {time.perf_counter() - start:.1f} s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    settings = {"maildir": str(maildir), "addresses": [corpus.ME], "name": corpus.ME_NAME,
                "refresh_seconds": 3600}
    config = load_config(settings, work)
    index = Index(work / "home" / "data" / "skills" / "email" / "index.sqlite3")
    store = MaildirStore(maildir)
    report = refresh(store, index, config)
    rate = report.new / report.seconds
    print(f"triage: {report.new} messages in {report.seconds:.2f} s = {rate:,.0f} messages/s (target > 2,000)")

    times = []
    for round_ in range(5):
        for i in range(10):
            store.append("INBOX", corpus.labelled(1, seed=10_000 + round_ * 10 + i)[0].raw)
        again = refresh(store, index, config)
        assert again.new == 10, again
        times.append(again.seconds)
    print(f"refresh with 10 new in {count:,}: median {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms over 5 runs (target < 1 s)")
    index.close()

    os.environ.pop("OS1_HOME", None)
    with SkillHarness([EmailSkill], home=work / "home", settings={"skills": {"email": settings}}) as h:
        handle, total = [], []
        for _ in range(21):
            turn = h.ask("what's important?")
            handle.append(turn.timings.handle_ms)
            total.append(turn.timings.total_ms)
        assert turn.intent == "important", turn.reply
    print(f"“what's important?” from the index: median {statistics.median(handle):.1f} ms in the skill, "
          f"{statistics.median(total):.1f} ms for the whole turn (target < 50 ms)")
    print(f"reply: {turn.reply[:160]}…")
    print(f"load average now {os.getloadavg()[0]:.1f}")
    print("reproduce: .venv/bin/python benchmarks/bench_email.py --messages", count)


def run_imap(work: Path, count: int) -> None:
    """Triage *count* messages from Dovecot (the tests' throwaway server) over loopback IMAP."""
    import imaplib

    from conftest import Dovecot

    work.chmod(0o755)
    server = Dovecot(work / "dovecot")
    try:
        account = server.account()
        build_maildir(account.maildir, count)  # Dovecot indexes files dropped into its Maildir
        os.system(f"chown -R nobody: {account.maildir}")
        secret = work / "secret"
        secret.write_text(account.password)
        settings = {"imap_host": account.host, "imap_port": account.port, "imap_user": account.user,
                    "imap_ssl": False, "password_command": f"cat {secret}", "addresses": [corpus.ME]}
        config = load_config(settings, work)
        index = Index(work / "imap-index.sqlite3")
        from os1.skills.email._refresh import open_store

        store = open_store(config)
        report = refresh(store, index, config)
        print(f"IMAP triage: {report.new} messages in {report.seconds:.2f} s = {report.new / report.seconds:,.0f} "
              f"messages/s (loopback Dovecot)")
        conn = imaplib.IMAP4(account.host, account.port)
        conn.login(account.user, account.password)
        for i in range(10):
            conn.append("INBOX", None, None, corpus.labelled(1, seed=20_000 + i)[0].raw)
        conn.logout()
        again = refresh(store, index, config)
        print(f"IMAP refresh with 10 new in {count:,}: {again.seconds * 1000:.0f} ms")
        store.close()
        index.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
