#!/usr/bin/env python3
"""Validate Argo CD Application manifests offline.

1. JSON Schema: deploy/argocd/schema/application.schema.json (see the README there
   for what it is and where it comes from), with jsonschema's Draft 2020-12 validator.
2. Project rules: spec.source.path exists in this repository and holds a
   kustomization.yaml, and spec.destination.namespace equals that overlay's namespace.

    scripts/validate_argocd_app.py deploy/argocd/application.yaml
    scripts/validate_argocd_app.py --self-test deploy/argocd/application.yaml

`--self-test` checks that the given Application passes, then breaks copies of it in
typical ways (a misspelt key, a string where an integer belongs, a bad duration...)
and checks each break is rejected. Needs PyYAML and jsonschema.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
from typing import Any, Callable

import jsonschema
import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_PATH = os.path.join(REPO_ROOT, "deploy", "argocd", "schema", "application.schema.json")


def load_schema() -> dict[str, Any]:
    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def problems(app: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    found = []
    for error in sorted(validator.iter_errors(app), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        found.append(f"schema: {where}: {error.message}")
    if found:
        return found
    # project rules (only meaningful once the shape is right)
    spec = app["spec"]
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
]


def self_test(path: str, schema: dict[str, Any]) -> int:
    passed = failed = 0
    for app in load_apps(path):
        baseline = problems(copy.deepcopy(app), schema)
        if baseline:
            failed += 1
            print(f"FAIL the given Application must pass first: {baseline}")
            continue
        passed += 1
        print("ok   good Application passes")
        for label, mutate in MUTATIONS:
            broken = copy.deepcopy(app)
            try:
                mutate(broken)
            except (KeyError, IndexError) as error:
                failed += 1
                print(f"FAIL {label}: mutation does not apply to this Application ({error!r})")
                continue
            found = problems(broken, schema)
            if found:
                passed += 1
                print(f"ok   {label}: rejected ({found[0]})")
            else:
                failed += 1
                print(f"FAIL {label}: accepted, should have been rejected")
    print(f"validate_argocd_app self-test: {passed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args(argv)
    schema = load_schema()
    if args.self_test:
        return max(self_test(path, schema) for path in args.files)
    status = 0
    for path in args.files:
        apps = load_apps(path)
        if not apps:
            print(f"FAIL {path}: no YAML document")
            status = 1
        for app in apps:
            name = (app.get("metadata") or {}).get("name", "?")
            found = problems(app, schema)
            for problem in found:
                print(f"FAIL {path}: Application/{name}: {problem}")
            if not found:
                print(f"ok   {path}: Application/{name} is valid")
            status |= 1 if found else 0
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
