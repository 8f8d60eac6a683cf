#!/usr/bin/env python3
"""Validate the Argo Rollouts canary (deploy/rollouts) offline.

1. Render it with `kubectl kustomize deploy/rollouts`.
2. Check the Rollout and the AnalysisTemplate against deploy/rollouts/schema/rollouts.schema.json
   (hand-written from Argo Rollouts' CRDs; unknown fields refused).
3. Project rules: the Rollout's workloadRef names the rendered Deployment, every analysis
   template it names is rendered, every `{{args.x}}` a template uses is declared, every
   argument without a value is given by the Rollout, the weights rise and end at 100.
4. Every query, with its arguments filled in, parses (`promtool check rules` on it as a
   recording rule) and, with --metrics FILE (a /metrics exposition of the real server),
   names only metrics the server exports.

    scripts/validate_rollouts.py [--metrics exposition.txt] [--self-test]

--self-test also breaks copies of the render in typical ways and checks that each break is
refused. Needs PyYAML, jsonschema, kubectl and promtool.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from typing import Any, Callable

import jsonschema
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from mutation_test import Tally, refused, run_mutations  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA = os.path.join(ROOT, "deploy", "rollouts", "schema", "rollouts.schema.json")
ARG = re.compile(r"\{\{\s*args\.([a-zA-Z0-9-]+)\s*\}\}")
METRIC = re.compile(r"\b(american_[a-z_]+)")


def render() -> list[dict[str, Any]]:
    out = subprocess.run(["kubectl", "kustomize", os.path.join(ROOT, "deploy", "rollouts")],
                         check=True, capture_output=True, text=True).stdout
    return [doc for doc in yaml.safe_load_all(out) if doc]


def of_kind(docs: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [doc for doc in docs if doc.get("kind") == kind]


def filled(query: str, values: dict[str, str]) -> str:
    """The query with each argument replaced by its value (or a placeholder hash)."""
    return ARG.sub(lambda m: values.get(m.group(1), "0123456789"), query)


def promql_problems(queries: list[str]) -> list[str]:
    rules = {"groups": [{"name": "check", "rules": [{"record": f"check:query{i}", "expr": q} for i, q in enumerate(queries)]}]}
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        yaml.safe_dump(rules, handle)
    try:
        result = subprocess.run(["promtool", "check", "rules", handle.name], capture_output=True, text=True)
    finally:
        os.unlink(handle.name)
    return [] if result.returncode == 0 else [f"promql: {(result.stdout + result.stderr).strip()}"]


def exported(metrics_file: str) -> set[str]:
    names = set()
    with open(metrics_file, encoding="utf-8") as handle:
        for line in handle:
            if line and not line.startswith("#"):
                name = re.split(r"[{ ]", line, maxsplit=1)[0]
                names.add(name)
                names.add(re.sub(r"_(bucket|sum|count)$", "", name))
    return names


def problems(docs: list[dict[str, Any]], schema: dict[str, Any], metrics: set[str] | None) -> list[str]:
    found: list[str] = []
    rollouts, templates = of_kind(docs, "Rollout"), of_kind(docs, "AnalysisTemplate")
    deployments = {d["metadata"]["name"] for d in of_kind(docs, "Deployment")}
    if len(rollouts) != 1 or not templates:
        return [f"expected one Rollout and an AnalysisTemplate, found {len(rollouts)} and {len(templates)}"]
    for doc in rollouts + templates:
        validator = jsonschema.Draft202012Validator({"$ref": f"#/$defs/{doc['kind']}", "$defs": schema["$defs"]})
        for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
            found.append(f"schema: {doc.get('kind')}/{'/'.join(map(str, error.path))}: {error.message[:160]}")
    if found:
        return found
    rollout = rollouts[0]
    spec = rollout["spec"]
    if spec.get("workloadRef", {}).get("name") not in deployments:
        found.append(f"workloadRef names no rendered Deployment ({sorted(deployments)})")
    canary = spec["strategy"].get("canary", {})
    weights = [step["setWeight"] for step in canary.get("steps", []) if "setWeight" in step]
    if not weights or weights != sorted(weights) or weights[-1] != 100:
        found.append(f"weights must rise and end at 100, not {weights}")
    by_name = {t["metadata"]["name"]: t for t in templates}
    uses = [canary.get("analysis", {})] + [s["analysis"] for s in canary.get("steps", []) if "analysis" in s]
    for use in uses:
        given = {a["name"] for a in use.get("args", [])}
        for ref in use.get("templates", []):
            template = by_name.get(ref["templateName"])
            if template is None:
                found.append(f"analysis template {ref['templateName']!r} is not rendered")
                continue
            declared = {a["name"]: a for a in template["spec"].get("args", [])}
            for metric in template["spec"]["metrics"]:
                used = set(ARG.findall(json.dumps(metric)))
                for name in sorted(used - set(declared)):
                    found.append(f"{metric['name']}: uses args.{name}, which is not declared")
            for name, arg in declared.items():
                if "value" not in arg and "valueFrom" not in arg and name not in given:
                    found.append(f"argument {name!r} has no value and the Rollout gives none")
            values = {name: arg["value"] for name, arg in declared.items() if "value" in arg}
            queries = [filled(m["provider"]["prometheus"]["query"], values) for m in template["spec"]["metrics"] if "prometheus" in m["provider"]]
            found += promql_problems(queries)
            if metrics is not None:
                for query in queries:
                    for name in sorted(set(METRIC.findall(query)) - metrics):
                        found.append(f"query names {name}, which the server does not export")
    return found


def at(path: str) -> Callable[[list[dict[str, Any]]], dict[str, Any]]:
    kind, *keys = path.split(".")

    def node(docs: list[dict[str, Any]]) -> Any:
        value: Any = of_kind(docs, kind)[0]
        for key in keys:
            value = value[int(key)] if key.isdigit() else value[key]
        return value
    return node


def setter(path: str, value: Any) -> Callable[[list[dict[str, Any]]], None]:
    parent, key = path.rsplit(".", 1)
    return lambda docs: at(parent)(docs).__setitem__(int(key) if key.isdigit() else key, value)


MUTATIONS: list[tuple[str, Callable[[list[dict[str, Any]]], None]]] = [
    ("misspelt canary key", lambda d: at("Rollout.spec.strategy.canary")(d).__setitem__("setweights", [])),
    ("setWeight as a string", setter("Rollout.spec.strategy.canary.steps.0.setWeight", "20")),
    ("setWeight above 100", setter("Rollout.spec.strategy.canary.steps.4.setWeight", 120)),
    ("weights that fall", setter("Rollout.spec.strategy.canary.steps.2.setWeight", 10)),
    ("pause duration in words", setter("Rollout.spec.strategy.canary.steps.1.pause.duration", "two minutes")),
    ("two actions in one step", lambda d: at("Rollout.spec.strategy.canary.steps.1")(d).__setitem__("setWeight", 30)),
    ("workloadRef to another Deployment", setter("Rollout.spec.workloadRef.name", "other")),
    ("workloadRef and a template together", lambda d: at("Rollout.spec")(d).__setitem__("template", {"spec": {}})),
    ("analysis of a template that is not there", setter("Rollout.spec.strategy.canary.analysis.templates.0.templateName", "nope")),
    ("a template reference without a name", lambda d: at("Rollout.spec.strategy.canary.analysis.templates.0")(d).pop("templateName")),
    ("a metric without a provider", lambda d: at("AnalysisTemplate.spec.metrics.0")(d).pop("provider")),
    ("a metric interval in words", setter("AnalysisTemplate.spec.metrics.0.interval", "half a minute")),
    ("an undeclared argument in a query", setter("AnalysisTemplate.spec.metrics.0.provider.prometheus.query", "up{pod=\"{{args.nope}}\"}")),
    ("a query that does not parse", setter("AnalysisTemplate.spec.metrics.1.provider.prometheus.query", "histogram_quantile(0.99, sum by (le) (")),
    ("an argument nobody gives", lambda d: at("Rollout.spec.strategy.canary.analysis")(d).pop("args")),
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--metrics", help="a /metrics exposition of the real server")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args(argv)
    with open(SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    metrics = exported(args.metrics) if args.metrics else None
    docs = render()
    tally = Tally()
    found = problems(docs, schema, metrics)
    for problem in found:
        print(f"FAIL deploy/rollouts: {problem}")
    tally.record(not found, f"deploy/rollouts: Rollout and AnalysisTemplate {'valid' if not found else 'invalid'} "
                 f"(schema, project rules, PromQL{', metric names' if metrics else ''})")
    if args.self_test:
        run_mutations(docs, MUTATIONS, lambda _, broken: refused(problems(broken, schema, metrics)), tally)
    return tally.summary("validate_rollouts")

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
