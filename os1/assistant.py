"""The OS¹ runtime: one utterance in, one turn out.

:meth:`Assistant.handle` cleans the text, gives it to a pending question first, else matches it
against every skill's templates, runs the handler contained, and remembers any follow-up.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from . import _replies
from ._dialogue_state import SESSION_TTL, DialogueState
from ._dispatch import run_contained
from .context import Context
from .dialogue import is_cancel, read_choice, read_yes_no
from .events import Candidate, IntentMatch, Question, Response, SkillFailed, Timings, Turn, Utterance
from .memory import Memory
from .registry import LoadProblem, SkillInfo, SkillMeta, StaleSkill
from .settings import Settings
from .skill import Answer, Skill, SkillEnv
from .templates import Compiled, Hit, ListSlot, TemplateError, TemplateIndex, TemplateSource, compile_template, expand
from .textnorm import clean, readings, request_span, tokens

__all__ = ["Assistant", "SESSION_TTL", "skill_sources"]

log = logging.getLogger("os1.assistant")


class Assistant:
    """The skills, their templates, memory and dialogue state, and the turn loop.

    Args:
        settings: loaded settings (with paths).
        skills: skill classes to run.
        problems: skills that failed to load, to report.
        memory: the memory store.
        clock: returns the current aware time (tests and ``--now`` fix it per turn).
        reload: imports every skill afresh; called when a skill from the skill index cache turns
            out not to import (:class:`~os1.registry.StaleSkill`), before it has done anything.
    """

    def __init__(self, settings: Settings, skills: Sequence[SkillInfo], problems: Sequence[LoadProblem],
                 memory: Memory, clock: Callable[[], datetime],
                 reload: Callable[[], tuple[list[SkillInfo], list[LoadProblem]]] | None = None) -> None:
        self.settings = settings
        self.memory = memory
        self.dialogue = DialogueState(memory)
        """The pending question and the skills' sessions."""
        self.clock = clock
        self.problems: list[LoadProblem] = list(problems)
        self._instances: dict[str, Skill] = {}
        self._reload = reload
        self._lock = threading.RLock()
        """One turn at a time: typed, spoken and polled turns share the dialogue state."""
        self._use(skills)

    def _use(self, skills: Sequence[SkillInfo]) -> None:
        """Take *skills*: compile their templates (one bad template rejects only its skill) and index them."""
        self.skills: dict[str, SkillInfo] = {}
        compiled: list[Compiled] = []
        for info in skills:
            try:
                own = list(info.compiled) if info.compiled is not None else [
                    compile_template(src) for src in self._sources(info)]
            except Exception as exc:  # a plugin's lists or rules can be malformed in any way
                message = str(exc) if isinstance(exc, TemplateError) else f"its templates or lists: {type(exc).__name__}: {exc}"
                log.error("skill %s (%s) rejected: %s", info.name, info.origin, message)
                self.problems.append(LoadProblem(info.name, info.origin, "class", message))
                continue
            self.skills[info.name] = info
            compiled.extend(own)
        self.index = TemplateIndex(compiled=compiled)
        self.contextual = frozenset((name, spec.name) for name, info in self.skills.items()
                                    for spec in info.meta.intents if spec.contextual)
        """Intents only considered while their skill is in the conversation."""
        self._help: list[tuple[str, str, list[str]]] | None = None

    @staticmethod
    def _sources(info: SkillInfo) -> list[TemplateSource]:
        return skill_sources(info.name, info.meta)

    def _retrying(self, step: Callable[[], Any]) -> Any:
        """Run *step*; if a skill from the skill index cache does not import, import every skill and run it again.

        Nothing has been said or run when :class:`StaleSkill` is raised (it comes from importing a
        class before its skill starts), so the second run gives the answer OS¹ would have given
        without the cache.
        """
        try:
            return step()
        except StaleSkill as exc:
            if self._reload is None:
                raise
            log.warning("%s; importing every skill instead of using the skill index cache", exc)
            skills, problems = self._reload()
            self._reload = None
            started = [p for p in self.problems if p.stage == "start"]
            self.problems = list(problems)
            self._use(skills)
            self.problems.extend(started)
            for name in [n for n in self._instances if n not in self.skills]:
                try:
                    self._instances.pop(name).close()
                except Exception:  # closing is best effort
                    log.exception("closing %s", name)
            return step()

    # -- names and help -----------------------------------------------------------------------
    @property
    def _names(self) -> frozenset[str]:
        """What the person may call OS¹ around a request: the wake word and its name."""
        return frozenset({self.settings.wake_word.lower(), self.name.lower()})

    @property
    def name(self) -> str:
        return self.memory.get("assistant.name") or self.settings.assistant_name

    def title(self, skill: str) -> str:
        info = self.skills.get(skill)
        title = info.meta.title if info else None
        return (title if title else skill).strip()

    def skills_help(self) -> list[tuple[str, str, list[str]]]:
        """(title, description, example sentences) for every skill, from its intents."""
        if self._help is not None:
            return self._help
        out = []
        for name, info in self.skills.items():
            meta = info.meta
            examples = []
            for spec in meta.intents:
                if not spec.help:
                    continue
                examples.append(spec.examples[0] if spec.examples else self.example(name, spec.name))
            if examples:
                out.append((self.title(name), meta.description, examples))
        self._help = out
        return out

    def example(self, skill: str, intent: str) -> str:
        """The first sentence of the intent's first template."""
        for t in self.index.templates:
            if t.key == (skill, intent):
                return expand(t.node, lambda ref, t=t: t.types[ref.kind].samples()[:1], limit=1)[0]
        return ""

    # -- the turn ------------------------------------------------------------------------------
    def start_session(self, now: datetime | None = None) -> Turn | None:
        """Opening lines for an interactive session: each skill's ``greet``, joined.

        The persona introduces herself (and asks your name) on the first run; other skills may
        add what happened while OS¹ was not running. A skill's question, if any, stays pending.
        """
        with self._lock:
            return self._retrying(lambda: self._start_session(now))  # type: ignore[no-any-return]

    def _start_session(self, now: datetime | None = None) -> Turn | None:
        start = time.perf_counter()
        now = now or self.clock()
        texts: list[str] = []
        question: Question | None = None
        greeters = [name for name, info in self.skills.items() if info.meta.greets]
        for name in greeters:
            _ = self.skills[name].cls  # import them all before any speaks (a skill that does not import raises here)
        for name in greeters:
            _, response, failure = self._run(name, "greet", now, lambda inst, ctx: inst.greet(ctx) or "")
            if failure is None and response.text.strip():
                texts.append(response.text)
                question = response.question or question
        if not texts:
            return None
        self.dialogue.set_question(question)
        return self._turn(Utterance("", "session"), Response(" ".join(texts), question=question),
                          now, start, start, start)

    def handle(self, raw: str, now: datetime | None = None, source: str = "text") -> Turn:
        """Answer one utterance. Never raises for anything the person or a skill does."""
        with self._lock:
            return self._retrying(lambda: self._handle(raw, now, source))  # type: ignore[no-any-return]

    def _handle(self, raw: str, now: datetime | None, source: str) -> Turn:
        start = time.perf_counter()
        now = now or self.clock()
        cleaned = clean(raw)
        utterance = Utterance(cleaned.text, source)
        words = tokens(cleaned.text)
        shown = tokens(cleaned.text, keep_case=True)
        t_norm = time.perf_counter()
        problem = _replies.bad_input(raw, cleaned, words)
        if problem:
            return self._turn(utterance, Response(problem), now, start, t_norm, t_norm)
        pending = self.pending(now)
        if pending is not None:
            span = request_span(words, self._names)
            text = cleaned.text if span == slice(0, len(words)) else " ".join(shown[span])
            answered = self._answer(pending, text, words, shown, now)
            if answered is not None:
                return self._finish(utterance, answered, now, start, t_norm)
        hits = self._best_hits(words, shown, now)
        t_match = time.perf_counter()
        if not hits:
            near = tuple(Candidate(s, i, round(score, 3)) for (s, i), score in self.index.nearest(words))
            reply = _replies.foreign(cleaned.text) or _replies.not_recognized(cleaned.text, near, self)
            return self._turn(utterance, Response(reply), now, start, t_norm, t_match, candidates=near)
        hit = hits[0]
        match = IntentMatch(
            hit.compiled.key[0], hit.compiled.key[1],
            {n: v for n, v, _ in hit.slots}, {n: t for n, _, t in hit.slots},
            round(hit.score, 3), hit.compiled.text, " ".join(words),
        )
        spec = next(s for s in self.skills[match.skill].meta.intents if s.name == match.intent)
        outcome = self._run(match.skill, spec.method, now, lambda inst, ctx: getattr(inst, spec.method)(match, ctx))
        turn = self._finish(utterance, outcome, now, start, t_norm, t_match)
        if cleaned.truncated:
            turn = dataclasses.replace(turn, reply=turn.reply + " " + _replies.TRUNCATED)
        return dataclasses.replace(turn, intent=match.intent, slots=match.slots, confidence=match.confidence)

    def _run(self, skill: str, label: str, now: datetime,
             call: Callable[[Skill, Context], Any]) -> tuple[str, Response, SkillFailed | None]:
        """Start the skill if needed, call it contained, and turn what it did into a Response."""
        title = self.title(skill)
        instance = self._instance(skill)
        if isinstance(instance, LoadProblem):
            return skill, Response(_replies.failed_start(title, instance.message)), SkillFailed(skill, "load", instance.message)
        ctx = self._context(skill, now)
        timeout = instance.timeout or self.settings.skill_timeout
        outcome = run_contained(lambda: call(instance, ctx), timeout, f"{skill}.{label}")
        if outcome.timed_out:
            failure = SkillFailed(skill, "timeout", f"no answer within {timeout:g} s")
            return skill, Response(_replies.timed_out(title, timeout)), failure
        if outcome.error is not None:
            message = f"{type(outcome.error).__name__}: {outcome.error}"
            return skill, Response(_replies.crashed(title, self._log_hint())), SkillFailed(skill, "error", message)
        response = _as_response(outcome.value)
        if response is None:
            failure = SkillFailed(skill, "error", f"{label} returned {type(outcome.value).__name__}, not a Response")
            return skill, Response(_replies.crashed(title, self._log_hint())), failure
        self.dialogue.save_session(skill, ctx.session, now)
        return skill, response, None

    def _finish(self, utterance: Utterance, result: tuple[str, Response, SkillFailed | None], now: datetime,
                start: float, t_norm: float, t_match: float | None = None) -> Turn:
        skill, response, failure = result
        self.dialogue.set_question(response.question)
        return self._turn(utterance, response, now, start, t_norm, t_match or t_norm, skill=skill, error=failure)

    def _turn(self, utterance: Utterance, response: Response, now: datetime, start: float, t_norm: float,
              t_match: float, **extra: Any) -> Turn:
        end = time.perf_counter()
        timings = Timings(round((t_norm - start) * 1000, 3), round((t_match - t_norm) * 1000, 3),
                          round((end - t_match) * 1000, 3), round((end - start) * 1000, 3))
        return Turn(utterance, response.display or response.text, question=response.question,
                    data=response.data, timings=timings, now=now.isoformat(), spoken=response.text, **extra)

    def poll(self, now: datetime | None = None) -> list[Turn]:
        """Unprompted turns that are due now (reminders, timers), from every started skill's ``due``."""
        with self._lock:
            return self._poll(now or self.clock())

    def _poll(self, now: datetime) -> list[Turn]:
        out: list[Turn] = []
        for name, instance in list(self._instances.items()):
            if type(instance).due is Skill.due:
                continue
            start = time.perf_counter()
            ctx = self._context(name, now)
            outcome = run_contained(lambda instance=instance, ctx=ctx: list(instance.due(ctx)), instance.timeout or self.settings.skill_timeout,
                                    f"{name}.due")
            if outcome.error is not None or outcome.timed_out:
                continue  # logged by run_contained; polling again later is the retry
            self.dialogue.save_session(name, ctx.session, now, touch=False)
            for item in outcome.value or ():
                response = _as_response(item)
                if response is not None:
                    out.append(self._turn(Utterance("", "skill"), response, now, start, start, start, skill=name))
        return out

    def start_skill(self, skill: str) -> bool:
        """Start *skill* now (for skills that must run in the background, like reminders)."""
        with self._lock:
            return self._retrying(lambda: not isinstance(self._instance(skill), LoadProblem))  # type: ignore[no-any-return]

    def _best_hits(self, words: list[str], shown: list[str], now: datetime) -> list[Hit]:
        """Hits for the reading of the utterance that a template explains best.

        Contextual intents count only while their skill is in the conversation; ties go to the
        skill spoken to most recently.
        """
        best: list[Hit] = []
        for reading, reading_shown in readings(words, shown, self._names):
            hits = self._in_context(self.index.hits(reading, shown=reading_shown), now)
            if hits and (not best or hits[0].score > best[0].score):
                best = hits
        return best

    def _in_context(self, hits: list[Hit], now: datetime) -> list[Hit]:
        if not hits:
            return hits
        recency = {name: self.dialogue.seq(name, now) for name in {h.compiled.key[0] for h in hits}}
        kept = [h for h in hits if h.compiled.key not in self.contextual or recency[h.compiled.key[0]] > 0]
        return sorted(kept, key=lambda h: (-round(h.score, 6), -h.literals, -recency[h.compiled.key[0]]))

    # -- follow-up questions ------------------------------------------------------------------
    def pending(self, now: datetime) -> Question | None:
        """The follow-up question waiting for an answer, if any."""
        return self.dialogue.question(now, self.skills)

    def _answer(self, q: Question, text: str, words: list[str], shown: list[str],
                now: datetime) -> tuple[str, Response, SkillFailed | None] | None:
        """The result of giving *text* to the pending question, or None to treat it as new."""
        if is_cancel(text):
            return q.skill, Response(_replies.CANCELLED), None
        answer: Answer | None = None
        if q.kind == "confirm" and (yes := read_yes_no(text)) is not None:
            answer = Answer(text, yes=yes, data=q.data)
        elif q.kind == "choice" and (pick := read_choice(text, q.options)) is not None:
            answer = Answer(text, choice=pick, data=q.data)
        elif q.kind == "free" and not self._clearly_a_request(words, shown, now):
            answer = Answer(text, data=q.data)
        if answer is None:
            hits = self._best_hits(words, shown, now)
            if hits and hits[0].score >= 0.8:
                return None  # a new request: the question is dropped
            return q.skill, Response(_replies.reask(q), question=q), None
        final = answer
        return self._run(q.skill, q.then, now, lambda inst, ctx: getattr(inst, q.then)(final, ctx))

    def _clearly_a_request(self, words: list[str], shown: list[str], now: datetime) -> bool:
        """True when *words* read as a request ("what time is it", "who directed Her"), not an answer."""
        hits = self._best_hits(words, shown, now)
        return bool(hits) and hits[0].score >= 0.8 and hits[0].literals >= 2

    # -- skills and their state ---------------------------------------------------------------
    def _instance(self, skill: str) -> Skill | LoadProblem:
        found = self._instances.get(skill)
        if found is not None:
            return found
        for problem in self.problems:
            if problem.name == skill and problem.stage == "start":
                return problem
        info = self.skills[skill]
        cls = info.cls  # imported now when it came from the skill index cache (may raise StaleSkill)
        paths = self.settings.paths
        assert paths is not None
        env = SkillEnv(skill, self.settings.for_skill(skill), paths.skill_data(skill),
                       logging.getLogger(f"os1.skill.{skill}"), {"memory": self.memory, "assistant": self})
        outcome = run_contained(lambda: _started(cls, env), max(self.settings.skill_timeout, 10.0), f"{skill}.start")
        if outcome.error is not None or outcome.timed_out:
            message = "it did not start in time" if outcome.timed_out else f"{type(outcome.error).__name__}: {outcome.error}"
            problem = LoadProblem(skill, info.origin, "start", message)
            self.problems.append(problem)
            return problem
        self._instances[skill] = outcome.value
        return outcome.value

    def _context(self, skill: str, now: datetime) -> Context:
        paths = self.settings.paths
        assert paths is not None
        session = self.dialogue.session(skill, now)
        return Context(skill, now, self.settings.for_skill(skill), paths.skill_data(skill), self.memory,
                       session, self.name, self.skills_help())

    def _log_hint(self) -> str:
        paths = self.settings.paths
        return str(paths.log_file) if paths else "the log"

    def end_session(self) -> None:
        """An interactive session is over: a question asked in it is no longer waiting."""
        with self._lock:
            self.dialogue.set_question(None)

    def close(self) -> None:
        for instance in self._instances.values():
            try:
                instance.close()
            except Exception:  # closing is best effort
                log.exception("closing %s", instance.env.name)
        self.memory.close()


def skill_sources(name: str, meta: SkillMeta) -> list[TemplateSource]:
    """Every template of a skill, with its lists and rules, ready to compile."""
    lists = {list_name: ListSlot(values) for list_name, values in meta.lists.items()}
    return [TemplateSource(name, spec.name, text, lists, meta.rules) for spec in meta.intents for text in spec.templates]


def _started(cls: type[Skill], env: SkillEnv) -> Skill:
    instance = cls(env)
    instance.start()
    return instance


def _as_response(value: Any) -> Response | None:
    if isinstance(value, Response):
        return value
    if isinstance(value, str):
        return Response(value)
    return None
