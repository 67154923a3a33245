"""Harvested records (JSON-native dicts) -> the typed history the checks read.

This module is the report's only coupling to the harvest. A record dict is
`{"path", "status", "document": {manifest, "kind"}, "values": {...}, "roles": {...}, "functions": {...},
"issues": [...]}`; fields are found through their semantic roles (docgen/forms/roles.py), never by
field id, so any agency's template works. Function sections and action tables are mapped to
functions of supervision by the form's own field list ("functions": the `function` each was built
for, embedded in the form when it was made), so a form made under an older version of the policy
counts for the functions it had then.

A record whose form was made by a docgen that did not embed functions has no "functions". When its
manifest says it was made from the very policy and form the report was given (the same policy id,
version and content digest, and the same form id and version), that form's functions are the
policy's, and are read from it. Otherwise they are not known: the session counts for no function
(`Session.functions_known` is False; the function checks leave it out) and the report says so in
its notes. Functions are never guessed from field ids, nor from the policy's forms as they are now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..forms.fieldlist import in_repeat, split_id
from ..policy import LoadedPolicy
from ..policy.agreed import AGREED
from .months import parse_iso

if TYPE_CHECKING:
    from ..harvest.identity import Expected, PolicyForms


@dataclass(frozen=True)
class Action:
    text: str
    owner: str
    due: dt.date | None
    due_text: str = ""  # what was written when it is not a date
    function: str | None = None


@dataclass(frozen=True)
class ChildDiscussion:
    child: str
    category: str | None
    rag: str | None
    plan_amendment: str


@dataclass(frozen=True)
class Session:
    """A session record or a case supervision record (kind says which)."""

    kind: str  # session-record | case-record
    path: str
    supervisee: str  # name as written
    supervisor: str
    date: dt.date | None
    duration: float | None
    session_type: str | None  # a supervision type id
    next_session_date: dt.date | None
    signed: dict  # party -> (signed: bool, date | None)
    actions: tuple[Action, ...]
    children: tuple[ChildDiscussion, ...]
    functions: frozenset[str]  # functions evidenced
    action_review: str
    document_id: str = ""
    functions_known: bool = True  # False: its form did not say, and was made from another policy or form
    sent: dt.date | None = None  # the date the record was sent to the supervisee (role record_sent_date), if given

    @property
    def held_on(self) -> dt.date:
        """The date, for a session the checks read: Context files no session without one."""
        assert self.date is not None, f"{self.path}: an undated session reached the checks"
        return self.date


@dataclass(frozen=True)
class AgreementRecord:
    path: str
    supervisee: str
    supervisor: str
    date: dt.date | None
    review_date: dt.date | None
    signed: dict
    frequency: object = None
    agreed: object = None  # the manifest's agreed_frequency entry: the schedule as data (policy/agreed.py)


@dataclass(frozen=True)
class EvaluationRecord:
    path: str
    respondent: str
    date: dt.date | None


@dataclass(frozen=True)
class LogEntry:
    """One row of a session log: a planned session and what became of it (held, cancelled, moved)."""

    path: str
    supervisee: str  # name as written on the log
    planned: dt.date | None
    outcome: str | None  # held | cancelled | moved (None: not ticked)
    by: str | None  # supervisor | supervisee | other (None: not ticked)
    notice: dt.date | None  # the date notice of cancelling or moving was given
    rearranged_to: dt.date | None
    initials: str = ""

    @property
    def called_off(self) -> bool:
        """Cancelled or moved: the planned session did not go ahead on its day."""
        return self.outcome in ("cancelled", "moved")


@dataclass
class History:
    sessions: list[Session] = field(default_factory=list)
    agreements: list[AgreementRecord] = field(default_factory=list)
    evaluations: list[EvaluationRecord] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)  # session log rows (booking checks B2, B3)
    skipped: list[str] = field(default_factory=list)  # records of a kind docgen does not know
    evidenced_by_form: set[str] = field(default_factory=set)  # functions the forms have a place for
    functions_unknown: list[str] = field(default_factory=list)  # sessions whose functions are not known


def _text(value) -> str:
    if value is None or isinstance(value, bool):
        return ""
    return str(value).strip()


def _key(value) -> str | None:
    """A choice's key (supervision type, category, RAG): text, or None for anything else."""
    return value.strip() or None if isinstance(value, str) else None


class _Roles:
    """What a form's roles say, worked out once per form (the records of one form share its roles):
    field ids by role (not in a repeat), and each repeat's child columns by role."""

    def __init__(self, roles: dict):
        self.roles = roles
        by_role: dict[str, list[str]] = {}
        for fid, role in roles.items():
            by_role.setdefault(role, []).append(fid)
        self.ids = {role: [f for f in fids if not in_repeat(f)] for role, fids in by_role.items()}
        self._cols: dict[str, dict[str, str]] = {}

    def cols(self, rid: str) -> dict[str, str]:
        hit = self._cols.get(rid)
        if hit is None:
            roles = self.roles
            hit = self._cols[rid] = {
                short: r for fid, r in roles.items() for parent, short in [split_id(fid)] if parent == rid
            }
        return hit


class _View:
    """One record read through roles: first value of a role, repeats of a role, child columns."""

    def __init__(self, record: dict, known: dict | None = None):
        """`known`: id(roles) -> _Roles, shared by the records of one report (its roles are kept
        there too, so an id is never another's)."""
        values, roles = record.get("values"), record.get("roles")
        self.values: dict = values if isinstance(values, dict) else {}
        self.roles: dict = roles if isinstance(roles, dict) else {}
        shape = known.get(id(self.roles)) if known is not None else None
        if shape is None or shape.roles is not self.roles:
            shape = _Roles(self.roles)
            if known is not None:
                known[id(self.roles)] = shape
        self.shape = shape

    def ids(self, role: str) -> list[str]:
        return self.shape.ids.get(role, [])

    def first(self, role: str):
        for fid in self.ids(role):
            value = self.values.get(fid)
            if value not in (None, ""):
                return value
        return None

    def rows(self, role: str):
        """(repeat id, rows) for every repeat with this role; rows are dicts by child role."""
        for rid in self.ids(role):
            rows = self.values.get(rid) or []
            if not rows:
                continue
            cols = self.shape.cols(rid)
            for row in rows if isinstance(rows, list) else []:
                if isinstance(row, dict):
                    yield rid, {cols.get(k, k): v for k, v in row.items()}

    def signed(self) -> dict:
        out = {}
        for party in ("supervisor", "supervisee"):
            date = parse_iso(self.first(f"signature_{party}_date"))
            out[party] = (bool(_text(self.first(f"signature_{party}"))) or date is not None, date)
        return out


_SESSION_KINDS = ("session-record", "case-record")


def function_fields(expected: PolicyForms) -> dict[str, str]:
    """field or repeat id -> function id, in the policy's session and case records as they are now:
    what functions they have a place for (never how a record's fields are read)."""
    return {
        fid: function
        for kind, form in expected.forms.items()
        if kind.partition(":")[0] in _SESSION_KINDS
        for fid, function in form.functions
    }


def own_functions(record: dict) -> dict[str, str] | None:
    """field or repeat id -> function id, from the record's own form (None: its form did not say)."""
    functions = record.get("functions")
    if not isinstance(functions, dict):
        return None
    return {k: v for k, v in functions.items() if isinstance(k, str) and isinstance(v, str)}


def made_from(document: dict, expected: PolicyForms, version: str) -> Expected | None:
    """The loaded policy's form a record was made from, when its manifest says it was made from this
    very policy (id, `version` and content digest) and this very form (id and version); None when
    it was not, or does not say."""
    form = expected.forms.get(document.get("kind") or "")
    if form is None or not document.get("policy_digest"):
        return None
    same = (
        document.get("policy_id") == expected.policy_id
        and document.get("policy_version") == version
        and document.get("policy_digest") == expected.digest
        and document.get("form_id") == form.form_id
        and document.get("form_version") == form.form_version
    )
    return form if same else None


_POLICY_FORMS: dict[str, PolicyForms] = {}


def build_history(records: list[dict], loaded: LoadedPolicy) -> History:
    from ..harvest.identity import belongs, policy_forms

    function_ids = [f.id for f in loaded.policy.functions.items]
    key = f"{loaded.path}\0{loaded.digest}"
    expected = _POLICY_FORMS.get(key) or _POLICY_FORMS.setdefault(key, policy_forms(loaded))
    history = History(evidenced_by_form=set(function_fields(expected).values()))
    known: dict[int, _Roles] = {}  # the roles of each form met, worked out once
    for record in records:
        kind = (record.get("document") or {}).get("kind")
        view = _View(record, known)
        path = record.get("path", "")
        if not belongs(record.get("document") or {}, record.get("roles") or {}, expected):
            history.skipped.append(path)  # another policy's form, or one claiming to be what it is not
        elif kind in _SESSION_KINDS:
            own = own_functions(record)
            if own is None:  # made by a docgen that did not embed functions: exact only from this policy
                form = made_from(record.get("document") or {}, expected, loaded.policy.version)
                own = dict(form.functions) if form is not None else None
            if own is None:
                history.functions_unknown.append(path)
            else:  # the functions its own form has a place for
                history.evidenced_by_form.update(own.values())
            history.sessions.append(_session(kind, path, record, view, own, function_ids))
        elif kind and kind.startswith("agreement"):
            history.agreements.append(
                AgreementRecord(
                    path,
                    _text(view.first("supervisee")),
                    _text(view.first("supervisor")),
                    parse_iso(view.first("agreement_date")),
                    parse_iso(view.first("agreement_review_date")),
                    view.signed(),
                    view.first("agreement_frequency"),
                    (record.get("document") or {}).get(AGREED),
                )
            )
        elif kind == "evaluation":
            history.evaluations.append(
                EvaluationRecord(path, _text(view.first("respondent")), parse_iso(view.first("evaluation_date")))
            )
        elif kind == "session-log":
            history.log.extend(log_entries(path, view))
        elif kind not in (
            "preparation-sheet",
            "front-sheet",
        ):  # front sheet: an index, nothing to check  # a supervisee's own notes: nothing to check
            history.skipped.append(path)
    return history


def log_entries(path: str, view: _View) -> list[LogEntry]:
    """The rows of a session log that say something (a row with only initials is left out)."""
    name = _text(view.first("supervisee"))
    out = []
    for _, row in view.rows("session_log"):
        entry = LogEntry(
            path,
            name,
            parse_iso(row.get("log_planned_date")),
            _key(row.get("log_outcome")),
            _key(row.get("log_cancelled_by")),
            parse_iso(row.get("log_notice_date")),
            parse_iso(row.get("log_rearranged_to")),
            _text(row.get("log_initials")),
        )
        if entry.planned or entry.outcome or entry.notice or entry.rearranged_to:
            out.append(entry)
    return out


def _session(kind, path, record, view: _View, own: dict[str, str] | None, function_ids) -> Session:
    """A session, its functions read from its own form's list (`own`; None: not known, and then it
    evidences no function)."""
    functions = set()
    for fid in view.ids("function_notes"):
        if own is not None and _text(view.values.get(fid)):
            fn = own.get(fid)
            if fn:
                functions.add(fn)
    actions = []
    for rid, row in view.rows("actions"):
        text, owner, due_raw = _text(row.get("action_text")), _text(row.get("action_owner")), row.get("action_due")
        if not (text or owner or _text(due_raw)):
            continue
        fn = row.get("function") if row.get("function") in function_ids else own.get(rid) if own else None
        if fn and text and own is not None:
            functions.add(fn)
        actions.append(Action(text, owner, parse_iso(due_raw), _text(due_raw), fn))
    children = []
    for _, row in [*view.rows("children_discussed"), *view.rows("family_discussion")]:
        if _text(row.get("child_identifier")):
            children.append(
                ChildDiscussion(
                    _text(row["child_identifier"]),
                    _key(row.get("child_category")),
                    _key(row.get("rag")),
                    _text(row.get("plan_amendment")),
                )
            )
    if kind == "case-record" and _text(view.first("child_identifier")):
        children.append(
            ChildDiscussion(
                _text(view.first("child_identifier")),
                _key(view.first("child_category")),
                _key(view.first("rag")),
                _text(view.first("plan_amendment")),
            )
        )
    duration = view.first("session_duration")
    review = " ".join(_text(view.values.get(f)) for f in view.ids("action_review")).strip()
    return Session(
        kind,
        path,
        _text(view.first("supervisee")),
        _text(view.first("supervisor")),
        parse_iso(view.first("session_date")),
        float(duration) if isinstance(duration, (int, float)) and not isinstance(duration, bool) else None,
        _key(view.first("supervision_type")),
        parse_iso(view.first("next_session_date")),
        view.signed(),
        tuple(actions),
        tuple(children),
        frozenset(functions),
        review,
        (record.get("document") or {}).get("document_id", ""),
        own is not None,
        parse_iso(view.first("record_sent_date")),
    )
