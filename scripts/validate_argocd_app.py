#!/usr/bin/env python3
"""Validate Argo CD Application manifests offline.

1. Argo CD's own CRD schema, when one is at hand: the file ARGOCD_CRD_SPEC names (the
   `spec` of an Argo CD release's application-crd.yaml, made from a clone of argoproj/argo-cd
   with the command in deploy/argocd/schema/README.md; it is not committed here, as the
   project keeps no copy of other projects' files), with unknown fields refused as
   `kubectl apply` (strict field validation) does. Without it, this check and the
   CRD half of the agreement test are reported as not run.
2. JSON Schema: deploy/argocd/schema/application.schema.json (hand-written and
   stricter, see the README there), with jsonschema's Draft 2020-12 validator.
3. Project rules: spec.source.path exists in this repository and holds a
   kustomization.yaml, spec.destination.namespace equals that overlay's namespace, and
   no CreateNamespace=true (namespaces are created outside Argo CD, which a per-user
   AppProject requires). With --user U (or a file named deploy/argocd/U.application.yaml):
   project U-project, destination namespace U, server https://kubernetes.default.svc,
   automated prune + selfHeal, no resources finalizer (deleting the Application
   cascades to nothing).

    scripts/validate_argocd_app.py deploy/argocd/application.yaml deploy/argocd/zz999.application.yaml
    scripts/validate_argocd_app.py --self-test deploy/argocd/application.yaml

`--self-test` checks that the given Application passes, then breaks copies of it in
typical ways (a misspelt key, a string where an integer belongs, a bad duration...)
and checks each break is rejected; it also checks that the hand-written schema agrees
with the CRD: it declares no field the CRD lacks, and accepts what the CRD and Argo CD
accept for the fields we use (e.g. a bare backoff.duration "5", which is seconds).
Needs PyYAML and jsonschema.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
from typing import Any, Callable

import jsonschema
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from mutation_test import Tally, refused, run_mutations  # noqa: E402

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_PATH = os.path.join(REPO_ROOT, "deploy", "argocd", "schema", "application.schema.json")
CRD_SPEC_PATH = os.environ.get("ARGOCD_CRD_SPEC", "")
IN_CLUSTER = "https://kubernetes.default.svc"
USER_APP = re.compile(r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.application\.ya?ml$")


def load_schema() -> dict[str, Any]:
    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def load_crd_spec() -> dict[str, Any] | None:
    """Argo CD's CRD schema of `spec`, or None (and a line saying so) when none is given."""
    if not CRD_SPEC_PATH or not os.path.isfile(CRD_SPEC_PATH):
        print("not run: the check against Argo CD's own CRD (set ARGOCD_CRD_SPEC; see deploy/argocd/schema/README.md)")
        return None
    with open(CRD_SPEC_PATH, encoding="utf-8") as handle:
        return json.load(handle)["spec"]


def unknown_fields(value: Any, schema: dict[str, Any], where: str) -> list[str]:
    """Fields the CRD's structural schema does not declare (kubectl's strict field validation)."""
    found: list[str] = []
    if schema.get("x-kubernetes-preserve-unknown-fields"):
        return found
    if isinstance(value, dict) and schema.get("type") == "object":
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if props is not None and key in props:
                found += unknown_fields(item, props[key], f"{where}.{key}")
            elif isinstance(extra, dict):
                found += unknown_fields(item, extra, f"{where}.{key}")
            elif props is not None:
                found.append(f"crd: unknown field {where}.{key}")
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            found += unknown_fields(item, schema["items"], f"{where}[{index}]")
    return found


def crd_problems(app: dict[str, Any], crd_spec: dict[str, Any]) -> list[str]:
    """What the Kubernetes API server would refuse, per Argo CD's CRD (spec only)."""
    found = []
    if app.get("apiVersion") != "argoproj.io/v1alpha1" or app.get("kind") != "Application":
        found.append("crd: not an argoproj.io/v1alpha1 Application")
    spec = app.get("spec")
    if not isinstance(spec, dict):
        return found + ["crd: spec is missing"]
    validator = jsonschema.Draft7Validator(crd_spec)  # OpenAPI v3 structural schema; `format: int64` is ignored
    for error in sorted(validator.iter_errors(spec), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(spec)"
        found.append(f"crd: spec/{where}: {error.message}")
    return found + unknown_fields(spec, crd_spec, "spec")


def user_rules(app: dict[str, Any], user: str) -> list[str]:
    spec = app.get("spec") or {}
    dest = spec.get("destination") or {}
    automated = (spec.get("syncPolicy") or {}).get("automated") or {}
    finalizers = (app.get("metadata") or {}).get("finalizers") or []
    found = []
    if spec.get("project") != f"{user}-project":
        found.append(f"user: spec.project is {spec.get('project')!r}, want {user}-project")
    if dest.get("namespace") != user:
        found.append(f"user: spec.destination.namespace is {dest.get('namespace')!r}, want {user}")
    if dest.get("server") != IN_CLUSTER:
        found.append(f"user: spec.destination.server is {dest.get('server')!r}, want {IN_CLUSTER}")
    if automated.get("prune") is not True or automated.get("selfHeal") is not True:
        found.append("user: syncPolicy.automated must set prune and selfHeal to true")
    if any(f.startswith("resources-finalizer.argocd.argoproj.io") for f in finalizers):
        found.append("user: a resources finalizer would cascade the Application's deletion")
    return found


def problems(app: dict[str, Any], schema: dict[str, Any], crd_spec: dict[str, Any] | None = None, user: str | None = None) -> list[str]:
    found = crd_problems(app, crd_spec) if crd_spec else []
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for error in sorted(validator.iter_errors(app), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        found.append(f"schema: {where}: {error.message}")
    if found:
        return found
    # project rules (only meaningful once the shape is right)
    spec = app["spec"]
    if "CreateNamespace=true" in ((spec.get("syncPolicy") or {}).get("syncOptions") or []):
        found.append("project: CreateNamespace=true: the namespace is created outside Argo CD (a per-user project may not create one)")
    if user is not None:
        found += user_rules(app, user)
    for source in [spec["source"]] if "source" in spec else spec.get("sources", []):
        path = source.get("path")
        if path is None:
            continue
        overlay = os.path.join(REPO_ROOT, path)
        kustomization = os.path.join(overlay, "kustomization.yaml")
        if os.path.isabs(path) or not os.path.isfile(kustomization):
            found.append(f"project: spec.source.path {path!r} has no kustomization.yaml in this repository")
            continue
        with open(kustomization, encoding="utf-8") as handle:
            overlay_ns = (yaml.safe_load(handle) or {}).get("namespace")
        dest_ns = spec["destination"].get("namespace")
        if overlay_ns and dest_ns != overlay_ns:
            found.append(f"project: spec.destination.namespace {dest_ns!r} differs from {path}'s namespace {overlay_ns!r}")
    return found


def load_apps(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [d for d in yaml.safe_load_all(handle) if isinstance(d, dict)]


def _sync(app: dict[str, Any]) -> dict[str, Any]:
    return app["spec"]["syncPolicy"]


MUTATIONS: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("misspelt selfHeal (selfheal)", lambda a: _sync(a)["automated"].update(selfheal=_sync(a)["automated"].pop("selfHeal"))),
    ("retry.limit as a string", lambda a: _sync(a)["retry"].update(limit="5")),
    ("backoff.factor as a string", lambda a: _sync(a)["retry"]["backoff"].update(factor="2")),
    ("backoff duration in words", lambda a: _sync(a)["retry"]["backoff"].update(duration="5 seconds")),
    ("unknown sync option", lambda a: _sync(a)["syncOptions"].append("CreateNamespaces=true")),
    ("no destination", lambda a: a["spec"].pop("destination")),
    ("no project", lambda a: a["spec"].pop("project")),
    ("destination with both server and name", lambda a: a["spec"]["destination"].update(name="in-cluster")),
    ("source without repoURL", lambda a: a["spec"]["source"].pop("repoURL")),
    ("wrong apiVersion", lambda a: a.update(apiVersion="argoproj.io/v1")),
    ("unknown field in spec", lambda a: a["spec"].update(syncPolicies={})),
    ("path that is not an overlay", lambda a: a["spec"]["source"].update(path="deploy/k8s/overlays/nope")),
    ("namespace differing from the overlay", lambda a: a["spec"]["destination"].update(namespace="default")),
    ("jsonPointer without a leading slash", lambda a: a["spec"]["ignoreDifferences"][0].update(jsonPointers=["spec/replicas"])),
    ("CreateNamespace=true", lambda a: _sync(a)["syncOptions"].append("CreateNamespace=true")),
]

# Mutations for a per-user Application (--user): each must be rejected.
USER_MUTATIONS: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("project default", lambda a: a["spec"].update(project="default")),
    ("another namespace", lambda a: a["spec"]["destination"].update(namespace="american-prod")),
    ("another cluster", lambda a: a["spec"]["destination"].update(server="https://example.invalid:6443")),
    ("no self-heal", lambda a: _sync(a)["automated"].update(selfHeal=False)),
    ("resources finalizer", lambda a: a["metadata"].update(finalizers=["resources-finalizer.argocd.argoproj.io"])),
]

# Agreement with the CRD: (label, mutation, the CRD accepts it, our schema accepts it).
# Where both accept, ours must not refuse what Argo CD takes; where ours is stricter
# on purpose, the README in deploy/argocd/schema says why.
AGREEMENT: list[tuple[str, Callable[[dict[str, Any]], None], bool, bool]] = [
    ("backoff.duration \"5\" (bare seconds)", lambda a: _sync(a)["retry"]["backoff"].update(duration="5"), True, True),
    ("backoff.maxDuration \"180\" (bare seconds)", lambda a: _sync(a)["retry"]["backoff"].update(maxDuration="180"), True, True),
    ("backoff.duration \"1h30m\"", lambda a: _sync(a)["retry"]["backoff"].update(duration="1h30m"), True, True),
    ("backoff.duration \"500ms\"", lambda a: _sync(a)["retry"]["backoff"].update(duration="500ms"), True, True),
    ("retry.refresh true", lambda a: _sync(a)["retry"].update(refresh=True), True, True),
    ("automated.enabled true", lambda a: _sync(a)["automated"].update(enabled=True), True, True),
    ("sync option PruneLast=true", lambda a: _sync(a)["syncOptions"].append("PruneLast=true"), True, True),
    ("sync option ServerSideApply=true", lambda a: _sync(a)["syncOptions"].append("ServerSideApply=true"), True, True),
    ("retry.limit -1 (unlimited)", lambda a: _sync(a)["retry"].update(limit=-1), True, True),
    ("no syncPolicy at all", lambda a: a["spec"].pop("syncPolicy"), True, True),
    ("info entry", lambda a: a["spec"].update(info=[{"name": "docs", "value": "deploy/README.md"}]), True, True),
    ("retry.limit as a string", lambda a: _sync(a)["retry"].update(limit="5"), False, False),
    ("backoff.factor as a string", lambda a: _sync(a)["retry"]["backoff"].update(factor="2"), False, False),
    ("misspelt selfHeal (selfheal)", lambda a: _sync(a)["automated"].update(selfheal=_sync(a)["automated"].pop("selfHeal")), False, False),
    ("no project", lambda a: a["spec"].pop("project"), False, False),
    ("info entry without value", lambda a: a["spec"].update(info=[{"name": "docs"}]), False, False),
    # stricter on purpose:
    ("backoff.duration in words (Argo CD fails at retry time)", lambda a: _sync(a)["retry"]["backoff"].update(duration="5 seconds"), True, False),
    ("unknown sync option", lambda a: _sync(a)["syncOptions"].append("CreateNamespaces=true"), True, False),
]


def _object_paths(schema: dict[str, Any], node: dict[str, Any], path: str, out: dict[str, set[str]]) -> None:
    """Declared property names per path in our schema (following local $refs)."""
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].split("/")[-1]]
    if "properties" in node:
        out.setdefault(path, set()).update(node["properties"])
        for key, sub in node["properties"].items():
            _object_paths(schema, sub, f"{path}.{key}", out)
    if isinstance(node.get("items"), dict):
        _object_paths(schema, node["items"], f"{path}[]", out)


def _crd_at(crd_spec: dict[str, Any], path: str) -> dict[str, Any] | None:
    node: dict[str, Any] | None = crd_spec
    for part in path.split(".")[1:]:
        if node is None:
            return None
        if part.endswith("[]"):
            node = (node.get("properties") or {}).get(part[:-2])
            node = (node or {}).get("items")
        else:
            node = (node.get("properties") or {}).get(part)
    return node


def agreement(app: dict[str, Any], schema: dict[str, Any], crd_spec: dict[str, Any] | None) -> tuple[int, int]:
    """Our schema against the CRD's verdicts; without the CRD, against the verdicts read from it."""
    passed = failed = 0
    if crd_spec is None:
        for label, mutate, crd_ok, ours_ok in AGREEMENT:
            broken = copy.deepcopy(app)
            mutate(broken)
            accepted = not problems(broken, schema, crd_spec={"type": "object"})
            passed += accepted == ours_ok
            failed += accepted != ours_ok
            print(f"{'ok  ' if accepted == ours_ok else 'FAIL'} {label}: ours {'accepts' if accepted else 'refuses'} "
                  f"(Argo CD's CRD {'accepts' if crd_ok else 'refuses'} it)")
        return passed, failed
    paths: dict[str, set[str]] = {}
    _object_paths(schema, schema["$defs"]["ApplicationSpec"], "spec", paths)
    invented = []
    for path, names in sorted(paths.items()):
        crd_node = _crd_at(crd_spec, path)
        if crd_node is None or crd_node.get("x-kubernetes-preserve-unknown-fields"):
            continue
        crd_names = set(crd_node.get("properties") or {})
        invented += [f"{path}.{n}" for n in sorted(names - crd_names)] if crd_names else []
    if invented:
        failed += 1
        print(f"FAIL our schema declares fields the CRD lacks: {invented}")
    else:
        passed += 1
        print(f"ok   every field our schema declares exists in the CRD ({sum(len(v) for v in paths.values())} fields under {len(paths)} objects)")
    for label, mutate, crd_ok, ours_ok in AGREEMENT:
        broken = copy.deepcopy(app)
        mutate(broken)
        crd_found = crd_problems(broken, crd_spec)
        ours_found = problems(broken, schema, crd_spec={"type": "object"})  # ours alone
        verdict = (not crd_found) == crd_ok and (not ours_found) == ours_ok
        word = lambda ok: "accepts" if ok else "refuses"
        if verdict:
            passed += 1
            print(f"ok   {label}: CRD {word(not crd_found)}, ours {word(not ours_found)}")
        else:
            failed += 1
            print(f"FAIL {label}: want CRD {word(crd_ok)} / ours {word(ours_ok)}; CRD: {crd_found or 'accepted'}; ours: {ours_found or 'accepted'}")
    return passed, failed


def self_test(path: str, schema: dict[str, Any], user: str | None = None) -> int:
    tally = Tally()
    crd_spec = load_crd_spec()
    for app in load_apps(path):
        baseline = problems(copy.deepcopy(app), schema, crd_spec, user)
        tally.record(not baseline, "good Application passes" if not baseline else f"the given Application must pass first: {baseline}")
        if baseline:
            continue
        run_mutations(app, MUTATIONS + (USER_MUTATIONS if user else []),
                      lambda _, broken: refused(problems(broken, schema, crd_spec, user)), tally)
        tally.add(*agreement(app, schema, crd_spec))
    return tally.summary("validate_argocd_app self-test")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--user", help="also check the per-user rules for this user (default: from a file named <user>.application.yaml)")
    args = parser.parse_args(argv)
    schema = load_schema()

    def user_of(path: str) -> str | None:
        match = USER_APP.match(os.path.basename(path))
        return args.user or (match.group(1) if match else None)

    if args.self_test:
        return max(self_test(path, schema, user_of(path)) for path in args.files)
    status = 0
    crd_spec = load_crd_spec()
    for path in args.files:
        user = user_of(path)
        apps = load_apps(path)
        if not apps:
            print(f"FAIL {path}: no YAML document")
            status = 1
        for app in apps:
            name = (app.get("metadata") or {}).get("name", "?")
            found = problems(app, schema, crd_spec, user)
            for problem in found:
                print(f"FAIL {path}: Application/{name}: {problem}")
            if not found:
                crd = "Argo CD CRD" if crd_spec else "Argo CD CRD not run"
                print(f"ok   {path}: Application/{name} is valid ({crd}, our schema, project rules{', user ' + user if user else ''})")
            status |= 1 if found else 0
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
