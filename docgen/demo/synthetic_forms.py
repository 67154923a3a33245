"""Turn planned synthetic events into record dicts shaped exactly like the harvest's
(`docgen.harvest.read_records`), using the field ids and roles of the policy's own forms."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from ..policy import LoadedPolicy

KINDS = ("session-record", "case-record", "agreement", "evaluation", "session-log")
FUNCTION_ORDER = ("management", "development", "support", "mediation")


@dataclass
class PlannedSession:
    date: dt.date
    kind: str = "session-record"
    session_type: str = "one_to_one"  # a supervision type id
    duration: int | None = 90
    next_date: dt.date | None = None
    functions: tuple[str, ...] = ()
    actions: list[tuple[str, str, dt.date | None]] = field(default_factory=list)  # text, owner, due
    review: str = ""
    children: list[tuple[str, str, str | None, str]] = field(default_factory=list)  # child, category, rag, plan change
    signed: dict = field(default_factory=dict)  # party -> date | None ("" = signed, no date)


class FormShapes:
    """Field ids by role for each form kind of a policy, read from its resolved specs."""

    def __init__(self, loaded: LoadedPolicy):
        from ..forms import FieldList, build_form

        self.loaded = loaded
        self.roles: dict[str, dict[str, str]] = {}
        self.types: dict[str, str] = {}  # "kind/role" -> field type of its first field
        self.manifest: dict[str, dict] = {}
        self.own_functions: dict[str, dict[str, str]] = {}
        for key in loaded.policy.documents.forms:
            kind = key.split(":")[0]
            if kind not in KINDS or kind in self.roles:
                continue
            spec = build_form(loaded, key)
            roles = {f.id: f.role for f in spec.fields() if f.role}
            roles.update({r.id: r.role for r in spec.repeats() if r.role})
            for f in spec.fields():
                self.types.setdefault(f"{kind}/{f.role}", f.type)
            functions = {f.function: f.id for f in spec.fields() if f.role == "function_notes" and f.function}
            self.roles[kind] = roles
            self.own_functions[kind] = FieldList.of(spec).functions() or {}  # as the harvest reads them back
            self.functions = functions if kind == "session-record" else getattr(self, "functions", {})
            m = spec.manifest
            self.manifest[kind] = {
                "form_id": m.form_id,
                "form_version": m.form_version,
                "kind": kind,
                "policy_id": m.policy_id,
                "policy_version": m.policy_version,
                "policy_digest": m.policy_digest,
                "docgen_version": m.docgen_version,
            }

    def ids(self, kind: str, role: str) -> list[str]:
        return [f for f, r in self.roles[kind].items() if r == role and "." not in f]

    def child(self, kind: str, repeat: str, role: str) -> str | None:
        return next(
            (f.split(".", 1)[1] for f, r in self.roles[kind].items() if f.startswith(repeat + ".") and r == role), None
        )

    def record(self, kind: str, by_role: dict, path: str, rng) -> dict:
        values = {}
        for role, value in by_role.items():
            for fid in self.ids(kind, role)[:1]:
                values[fid] = value
        doc = dict(self.manifest[kind], document_id=str(uuid.UUID(int=rng.getrandbits(128))))
        return {
            "path": path,
            "status": "ok",
            "document": doc,
            "values": values,
            "roles": dict(self.roles[kind]),
            "functions": dict(self.own_functions[kind]),
            "issues": [],
        }

    def evaluation(self, name: str, day: dt.date, path: str, rng) -> dict:
        """An evaluation with every statement answered (mostly "yes")."""
        record = self.record("evaluation", {"respondent": name, "evaluation_date": day.isoformat()}, path, rng)
        evaluation = self.loaded.policy.evaluation
        keys = [o.key for o in evaluation.scale] if evaluation else []
        for fid in self.ids("evaluation", "evaluation_item"):
            if keys:
                record["values"][fid] = keys[0] if rng.random() < 0.8 else rng.choice(keys)
        return record

    def log(self, name: str, supervisor: str, rows: list[tuple], path: str, rng) -> dict:
        """A session log: rows of (planned, outcome, by, notice date, rearranged to)."""
        record = self.record("session-log", {"supervisee": name, "supervisor": supervisor}, path, rng)
        repeat = self.ids("session-log", "session_log")[0]
        roles = ("log_planned_date", "log_outcome", "log_cancelled_by", "log_notice_date", "log_rearranged_to")
        cols = [self.child("session-log", repeat, r) for r in roles]
        record["values"][repeat] = [
            {c: v.isoformat() if isinstance(v, dt.date) else v for c, v in zip(cols, row, strict=True) if c}
            for row in rows
        ]
        return record

    def session(self, name: str, supervisor: str, s: PlannedSession, path: str, rng) -> dict:
        kind = s.kind
        by_role = {
            "supervisee": name,
            "supervisor": supervisor,
            "session_date": s.date.isoformat(),
            "session_duration": s.duration,
            "supervision_type": s.session_type,
            "next_session_date": s.next_date.isoformat() if s.next_date else None,
            "action_review": s.review or None,
        }
        for party in ("supervisee", "supervisor"):
            when = s.signed.get(party)
            signer = name if party == "supervisee" else supervisor
            by_role[f"signature_{party}"] = signer if when is not None else None
            by_role[f"signature_{party}_date"] = when.isoformat() if isinstance(when, dt.date) else None
        record = self.record(kind, by_role, path, rng)
        values = record["values"]
        own = list(self.functions)  # the policy's functions stand in for the synthetic ones, in order
        for function in s.functions:
            if function not in self.functions and own:
                function = own[FUNCTION_ORDER.index(function) % len(own)] if function in FUNCTION_ORDER else function
            fid = self.functions.get(function)
            if fid and kind == "session-record":
                values[fid] = f"Discussed {function.replace('_', ' ')}."
        self._actions(kind, values, s)
        self._children(kind, values, s)
        return record

    def _actions(self, kind, values, s: PlannedSession) -> None:
        repeat = next(iter(self.ids(kind, "actions")), None)
        if repeat is None:
            return
        cols = {r: self.child(kind, repeat, r) for r in ("action_text", "action_owner", "action_due")}
        rows = []
        for text, owner, due in s.actions:
            row = {
                cols["action_text"]: text,
                cols["action_owner"]: owner or None,
                cols["action_due"]: due.isoformat() if due else None,
            }
            rows.append(row)
        values[repeat] = rows

    def _children(self, kind, values, s: PlannedSession) -> None:
        if not s.children:
            return
        if kind == "case-record":
            child, category, rag, plan = s.children[0]
            for role, value in (
                ("child_identifier", child),
                ("child_category", category),
                ("rag", rag),
                ("plan_amendment", plan or None),
            ):
                for fid in self.ids(kind, role)[:1]:
                    values[fid] = value
            return
        repeat = next(iter(self.ids(kind, "children_discussed")), None)
        if repeat is None:
            return
        cols = {r: self.child(kind, repeat, r) for r in ("child_identifier", "child_category", "rag", "plan_amendment")}
        rows = []
        for child, category, rag, plan in s.children:
            row: dict[str | None, str | None] = {cols["child_identifier"]: child, cols["child_category"]: category}
            if cols["rag"]:
                row[cols["rag"]] = rag
            if cols["plan_amendment"]:
                row[cols["plan_amendment"]] = plan or None
            rows.append(row)
        values[repeat] = rows
