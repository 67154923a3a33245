"""Problems people can act on, and the one root of every exception docgen raises on purpose.

Every expected failure in docgen (a bad policy, a bad form template, a bad completed form, a
database that cannot be used) says where it is and how to fix it, in plain English. Library code
collects and raises; only the CLI prints (never a traceback for an expected problem).

Exception and warning policy (CONTRIBUTING.md, "Errors"):
- Every exception docgen raises on purpose derives from `DocgenError`, so a library caller can
  catch them all with one `except docgen.DocgenError`. A few also keep the standard base their
  callers catch (`OutputError` and `NotAFile` are `OSError`s, `PendingChanges` an
  `sqlite3.OperationalError`).
- A problem in the user's input that they can fix (bad YAML, an unknown key, a wrong value, a
  staff CSV that cannot be read) is a `Problem` with a code from `CODES`: located (file, line,
  column, YAML path), with a hint. Problems are collected (`ProblemList`) so that one run reports
  them all, then raised together as `ProblemsFound` (exit code EXIT_PROBLEMS).
- A run that cannot finish (a harvest database locked, unusable or not writable; a run stopped by
  a signal) is `Aborted` (or `RunAborted` when it is a list of problems): exit code EXIT_ABORTED;
  what was committed before is kept.
- A completed form is untrusted input from many hands: what is wrong with ONE file never stops a
  harvest. A file a reader refuses raises `FormError` inside the reader and is stored as a failed
  file; a file that was read but has a doubtful answer gets an `Issue` (a per-file issue, stored
  with the record). Both use codes from docgen/filecodes.py (meaning and what to do, per code),
  and the harvest lists them in problems.csv. They are not `Problem`s: they name a harvested file,
  not a line of the user's policy.
- Findings of the compliance report (docgen/report/findings.py) are results, not errors.
- docgen issues no Python `warnings`: anything a user should see is a Problem, an Issue or a
  Finding. Something softer than an error (a recommended rule missed) is a lower severity.
- A bug in docgen (an impossible state, a wrong argument from docgen's own code) is an ordinary
  exception (ValueError, TypeError, AssertionError) and may surface as a traceback.

Code catalogues, each one table saying per code what it means (and, where one fix fits every
case, what to do): `CODES` here (a policy, template, CSV or output problem: the hint of each
Problem says what to do in its case), docgen/filecodes.py (completed forms and harvested files),
docgen/report/findings.py `CATALOGUE` (compliance checks), `EXIT_CODES` here (exit codes, the
same for every command).

To add a code: add one line to the right table; use it where the problem is found; add a test that
produces it (the tests fail when a code of CODES, FORM_ERRORS or ISSUE_CODES is named by no test).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

EXIT_OK = 0  # finished, nothing to report
EXIT_PROBLEMS = 1  # finished, with problems (invalid policies, files that need attention, findings)
EXIT_USAGE = 2  # the command was used wrongly (click's usage error)
EXIT_ABORTED = 3  # the run could not finish; what was committed before is kept
EXIT_CODES = {
    EXIT_OK: "finished, all good",
    EXIT_PROBLEMS: "finished, with problems",
    EXIT_USAGE: "the command was used wrongly",
    EXIT_ABORTED: "aborted: the run could not finish",
}


class DocgenError(Exception):
    """The root of every exception docgen raises on purpose (see the policy above)."""


class Aborted(DocgenError):
    """The run could not finish: a database locked by another run, unusable or not writable, an
    interrupted run. `message` says what happened and what to do, in plain English."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


# The catalogue of problem codes. Each code has a one-line meaning; tests exercise every code.
CODES: dict[str, str] = {
    "yaml-syntax": "the file is not valid YAML",
    "yaml-duplicate-key": "a key appears twice in one mapping",
    "yaml-too-large": "the file is larger than docgen accepts",
    "yaml-aliases": "the file uses more YAML aliases (*name) than docgen accepts",
    "yaml-tag": "the file uses a YAML tag (!something), which docgen does not accept",
    "unknown-key": "a key docgen does not know",
    "missing-key": "a required key is missing",
    "wrong-type": "a value of the wrong kind (text, number, list, mapping, ...)",
    "bad-choice": "a value that is not one of the allowed words",
    "bad-value": "a value that is the right kind but not acceptable",
    "bad-period": "a length of time docgen cannot read",
    "bad-date": "a date that is not written as YYYY-MM-DD",
    "bad-reference": "a reference to an id that is not defined",
    "duplicate-id": "two items share one id",
    "bad-id": "an id that is not lower-case letters, digits and underscores",
    "template-error": "a form template expression that cannot be evaluated",
    "unknown-form": "a form kind or template the policy does not define",
    "file-not-found": "a file that does not exist or cannot be read",
    "not-a-file": "a path that is a FIFO, a device or a folder, not a file",
    "too-large": "a CSV file, cell or list of rows larger than docgen accepts (without a flag)",
    "yaml-too-deep": "YAML nested more deeply than docgen accepts",
    "duplicate-column": "a CSV header that names one column twice",
    "cannot-write": "an output file docgen cannot write (read-only storage, a full disk, a file in the way)",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located precisely enough to fix it without reading docgen's code."""

    code: str
    message: str
    hint: str = ""
    file: str = ""
    line: int = 0  # 1-based; 0 when unknown
    column: int = 0  # 1-based; 0 when unknown
    path: str = ""  # YAML path, e.g. frequency.rules[2].schedule.every

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line:
            where += f":{self.line}:{self.column}"
        text = f"{where}: "
        if self.path:
            text += f"{self.path}: "
        text += _sentence(self.message)
        if self.hint:
            hint = _sentence(self.hint)
            text += " " + hint[0].upper() + hint[1:]
        return text

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


class ProblemsFound(DocgenError):
    """Raised with every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.path))
        super().__init__("\n".join(str(p) for p in self.problems))


class RunAborted(ProblemsFound):
    """Problems that stop a run before it can finish (a harvest database that cannot be read):
    printed like any problems, with exit code EXIT_ABORTED."""


@dataclass
class ProblemList:
    """A collector that library code appends to while it carries on."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ProblemsFound(self.items)


# What some allowed words mean, for suggestions by meaning rather than spelling: word -> (its meaning
# in a few words, words a person may write for it). Filled by the stage that owns the words (e.g. the
# anchors of a stepped schedule, docgen/policy/schedules.py); used only when the word is a choice.
MEANINGS: dict[str, tuple[str, tuple[str, ...]]] = {}
# A word that means different things in different places ("calendar": a calendar year for a count's
# `year:`, a calendar month for an interval's `reading:`) has its meaning among one set of choices
# only: MEANINGS_AMONG[frozenset(choices)][word], used before MEANINGS when those are the choices.
MEANINGS_AMONG: dict[frozenset[str], dict[str, tuple[str, tuple[str, ...]]]] = {}


def _meanings(choices: Iterable[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    return MEANINGS | MEANINGS_AMONG.get(frozenset(choices), {})


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean ..." suggestion, with every allowed value listed in full when none is a near
    certain match. A choice whose meaning (`MEANINGS`) the word names is suggested before one it
    merely resembles in spelling ("asye_start_date" is the ASYE start, not the start date)."""
    choices = sorted(set(choices))
    if not choices:
        return ""
    known = _meanings(choices)
    listing = "use one of: " + ", ".join(f"{c} ({known[c][0]})" if c in known else c for c in choices)
    meant = _by_meaning(word, choices, known)
    if meant:
        return f'did you mean "{meant}"? ({listing})'
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    if close:
        if difflib.SequenceMatcher(None, word.lower(), close[0]).ratio() >= 0.85:
            return f'did you mean "{close[0]}"?'
        return f'did you mean "{close[0]}"? ({listing})'
    return listing


def _by_meaning(word: str, choices: list[str], known: dict[str, tuple[str, tuple[str, ...]]]) -> str | None:
    """The one choice whose words of meaning appear in `word` (as whole parts of it), if exactly one."""
    parts = [p for p in re.split(r"[^a-z0-9]+", word.lower()) if p]
    text = "_".join(parts)
    hits = [
        c
        for c in choices
        if c in known and any(w in parts or (("_" in w) and f"_{w}_" in f"_{text}_") for w in known[c][1])
    ]
    return hits[0] if len(hits) == 1 else None
