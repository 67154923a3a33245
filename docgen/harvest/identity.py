"""What a form read from a file claims to be, checked before anything of it is stored.

A form's manifest (its kind, form id, policy id...) and its embedded field list come from the file,
and a file can be edited by anyone it passed through. They are data: the harvest uses them as
table and column names only after this check, once per file (workers.py `parse_one`):

- the kind is one of docgen's own form kinds (`agreement`, `session-record`, ...; an agreement may
  name its variant, `agreement:direct`), the form id and policy id are strict slugs, and the other
  manifest values are text;
- field ids and repeat ids are ids as docgen makes them (docgen/forms/resolve.py `check_spec`):
  lower-case slugs, `repeat.child` only under a repeat the list declares, none twice, none of the
  names the database keeps for itself; the field list has the roles a form of its kind must have;
- given the harvest's policies (`--policy`): the form is one of that policy's forms (the same kind
  and form id), and when it was made from this very policy (same digest and docgen version) its
  fields, types, roles and functions are the ones the policy's form has.

A file that fails is stored as `failed` with the code `tampered-form` (the file contradicts itself
or docgen's rules) or `form-mismatch` (it is not the form the policy has), and a plain message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import NamedTuple, TypeGuard

from .. import __version__
from ..forms.fieldlist import PDF_SEP, FieldEntry, FieldList, RepeatEntry
from ..forms.roles import REQUIRED_ROLES, ROLES
from ..policy.model import FormKind

KINDS: tuple[str, ...] = tuple(FormKind.__args__)  # type: ignore[attr-defined]
SLUG = re.compile(r"[a-z][a-z0-9_]{0,62}")
_ID_PART = re.compile(r"[a-z][a-z0-9_]*")  # as docgen/forms/resolve.py ID_PART
_MAX_ID = 64  # as docgen/forms/resolve.py MAX_ID
# the store's own tables, and the columns it adds to every form table (SQLite's rowid names too)
OWN_TABLES = frozenset({"documents", "issues", "forms", "meta", "history", "runs"})
OWN_COLUMNS = frozenset({"_sha256", "_document_id", "_form_id", "_policy_id", "_row", "rowid", "oid", "_rowid_"})
_TEXT_KEYS = ("document_id", "form_version", "policy_version", "policy_digest", "docgen_version")


class Mismatch(NamedTuple):
    code: str  # tampered-form | form-mismatch | other-policy
    message: str


class Expected(NamedTuple):
    """One form of a policy as docgen makes it: its form id and version, and its fields."""

    form_id: str
    form_version: str
    fields: tuple  # ((id, type, role), ...)
    repeats: tuple  # ((id, role), ...)
    functions: tuple = ()  # ((field or repeat id, function id), ...)


class PolicyForms(NamedTuple):
    """A policy's forms by kind (`agreement:direct` for a variant), as the harvest checks files against."""

    policy_id: str
    digest: str
    forms: dict[str, Expected]


def is_kind(kind: object) -> TypeGuard[str]:
    """A form kind docgen makes: one of KINDS, or `agreement:<variant id>`."""
    if not isinstance(kind, str):
        return False
    base, colon, variant = kind.partition(":")
    return base in KINDS and (not colon or (base == "agreement" and SLUG.fullmatch(variant) is not None))


def table_name(kind: object) -> str:
    """The table of a form kind: only ever one of docgen's own kinds (agreement variants have their own)."""
    if not is_kind(kind):
        raise ValueError("not a form kind docgen makes")
    return str(kind).replace("-", "_")


def is_field_id(fid: object, repeat_ids: set[str] | frozenset[str] = frozenset()) -> TypeGuard[str]:
    """A field id as docgen makes them: a slug, or `repeat.child` under one of `repeat_ids`."""
    if not isinstance(fid, str) or len(fid) > _MAX_ID or PDF_SEP in fid or fid in OWN_COLUMNS:
        return False
    parent, dot, child = fid.partition(".")
    if dot:
        return parent in repeat_ids and _ID_PART.fullmatch(child) is not None and child not in OWN_COLUMNS
    return _ID_PART.fullmatch(fid) is not None


def check(
    manifest: dict,
    fields: Sequence[FieldEntry],
    repeats: Sequence[RepeatEntry],
    policies: dict[str, PolicyForms] | None,
) -> Mismatch | None:
    """None when the form is what it claims to be; otherwise what disagrees (see the module's text).
    `policies`: policy id -> its forms, when the harvest was given policies (a set of ids works too,
    checking only that the policy is one of them)."""
    problem = check_form(manifest, fields, repeats)
    if problem is not None:
        return Mismatch("tampered-form", problem)
    if policies is None:
        return None
    policy_id = manifest["policy_id"]
    if policy_id not in policies:
        return Mismatch(
            "other-policy",
            f'the form was made under the policy "{policy_id}", which this harvest was '
            f"not given (--policy {', '.join(sorted(policies)) or '...'})",
        )
    expected = policies[policy_id] if isinstance(policies, dict) else None
    if isinstance(expected, PolicyForms):
        problem = check_policy_form(manifest, fields, repeats, expected)
        if problem is not None:
            return Mismatch("form-mismatch", problem)
    return None


def check_form(manifest: dict, fields: Sequence[FieldEntry], repeats: Sequence[RepeatEntry]) -> str | None:
    """What is wrong with a form's manifest and field list on their own (None: nothing)."""
    kind = manifest.get("kind")
    if not is_kind(kind):
        return (
            f"the form claims to be of the kind {_show(kind)}, which is not a kind of form docgen makes "
            f"({', '.join(KINDS)})"
        )
    for key in ("form_id", "policy_id"):
        value = manifest.get(key)
        if not isinstance(value, str) or not SLUG.fullmatch(value):
            return f"the form's {key.replace('_', ' ')} {_show(value)} is not an id docgen makes"
    for key in _TEXT_KEYS:
        if not isinstance(manifest.get(key, ""), str):
            return f"the form's {key.replace('_', ' ')} is not text"
    declared: set[str] = set()
    for rid in [r.id for r in repeats]:
        if not is_field_id(rid) or "." in rid:
            return f"the form's field list has a repeat id docgen would never make ({_show(rid)})"
        declared.add(rid)
    seen: set[str] = set()
    for entry in fields:
        fid = entry.id
        if not is_field_id(fid, declared):
            return f"the form's field list has a field id docgen would never make ({_show(fid)})"
        if fid in seen or fid in declared:
            return f"the form's field list names {_show(fid)} twice"
        seen.add(fid)
    entries: tuple[FieldEntry | RepeatEntry, ...] = (*fields, *repeats)
    for item in entries:
        role = item.role
        if role is not None and not (isinstance(role, str) and role in ROLES):
            return f"the form's field list gives {_show(item.id)} a role docgen does not know"
    roles = {e.role for e in entries}
    missing = [r for r in REQUIRED_ROLES.get(kind.partition(":")[0], ()) if r not in roles]
    if missing:
        return (
            f'the form claims to be of the kind "{kind}", but its field list lacks what every {kind} has '
            f"({', '.join(missing[:4])}{' ...' if len(missing) > 4 else ''})"
        )
    return None


def check_policy_form(
    manifest: dict, fields: Sequence[FieldEntry], repeats: Sequence[RepeatEntry], expected: PolicyForms
) -> str | None:
    """What disagrees between a (well-formed) form and the policy's form of its kind (None: nothing)."""
    kind, policy = manifest["kind"], expected.policy_id
    form = expected.forms.get(kind)
    if form is None:
        return (
            f'the form claims to be of the kind "{kind}", but the policy "{policy}" has no such form '
            f"(it has: {', '.join(expected.forms) or 'none'})"
        )
    if manifest["form_id"] != form.form_id:
        return (
            f'the form claims to be the {kind} "{manifest["form_id"]}", but the policy "{policy}" makes its '
            f'{kind} from "{form.form_id}"'
        )
    same_source = (
        manifest.get("policy_digest") == expected.digest
        and manifest.get("docgen_version") == __version__
        and manifest.get("form_version") == form.form_version
    )
    entries: tuple[FieldEntry | RepeatEntry, ...] = (*fields, *repeats)
    functions = tuple((e.id, e.function) for e in entries if e.function)
    if same_source and (_fields_key(fields), _repeats_key(repeats), functions) != (
        form.fields,
        form.repeats,
        form.functions,
    ):
        return (
            f'the form says it was made from this very policy "{policy}", but its field list is not the one '
            f"the policy's {kind} has (its fields, types, roles or functions were changed)"
        )
    return None


def policy_forms(loaded) -> PolicyForms:
    """A loaded policy's forms as docgen makes them (docgen/forms), for `check` (a form whose
    template does not build is left out: `docgen validate` reports it)."""
    from ..errors import ProblemsFound
    from ..forms import build_form, form_keys

    forms: dict[str, Expected] = {}
    for key in form_keys(loaded):
        try:
            spec = build_form(loaded, key)
        except ProblemsFound:
            continue
        own = FieldList.of(spec)
        forms[spec.manifest.kind] = Expected(
            spec.manifest.form_id,
            spec.manifest.form_version,
            _fields_key(own.fields),
            _repeats_key(own.repeats),
            tuple((own.functions() or {}).items()),
        )
    return PolicyForms(loaded.policy.id, loaded.digest, forms)


def expected_forms(policies: dict | None) -> dict[str, PolicyForms] | None:
    """policy id -> its forms, for every loaded policy the harvest was given (None: none given)."""
    if policies is None:
        return None
    return {policy_id: policy_forms(loaded) for policy_id, loaded in policies.items()}


def belongs(document: dict, roles: dict, expected: PolicyForms) -> bool:
    """Whether a harvested record (its manifest and its form's roles) is one of the policy's forms:
    what the compliance report counts. A record without a policy id (made by hand, in tests) is
    judged by its kind alone."""
    kind = document.get("kind")
    if not is_kind(kind):
        return False
    if "policy_id" not in document:
        return True
    form = expected.forms.get(kind) or next(
        (f for k, f in expected.forms.items() if k.partition(":")[0] == kind and f.form_id == document.get("form_id")),
        None,
    )  # a variant, by its form
    if document.get("policy_id") != expected.policy_id or form is None or document.get("form_id") != form.form_id:
        return False
    if document.get("policy_digest") == expected.digest and document.get("docgen_version") == __version__:
        wanted = {fid: role for fid, _, role in form.fields if role} | {rid: role for rid, role in form.repeats if role}
        return roles == wanted
    return True


def _fields_key(fields: Sequence[FieldEntry]) -> tuple:
    return tuple((e.id, e.type, e.role) for e in fields)


def _repeats_key(repeats: Sequence[RepeatEntry]) -> tuple:
    return tuple((r.id, r.role) for r in repeats)


def _show(value: object) -> str:
    """A value from the file, quoted for a message: escaped, and cut short."""
    text = json.dumps(value, ensure_ascii=True) if isinstance(value, str) else f"({type(value).__name__})"
    return text if len(text) <= 42 else text[:40] + '..."'
