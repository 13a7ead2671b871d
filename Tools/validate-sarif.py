#!/usr/bin/env python3
"""Validates a SARIF file against the OASIS 2.1.0 schema (Draft 7) and checks our own promises.

Usage: validate-sarif.py SCHEMA SARIF
"""
import json
import sys

import jsonschema


def main() -> int:
    schema_path, sarif_path = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(sarif_path, encoding="utf-8") as f:
        log = json.load(f)
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    for error in errors[:20]:
        print(f"{sarif_path}: {'/'.join(map(str, error.path))}: {error.message}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} schema errors", file=sys.stderr)
        return 1
    run = log["runs"][0]
    fired = {r["ruleId"] for r in run["results"]}
    listed = [r["id"] for r in run["tool"]["driver"]["rules"]]
    problems = []
    if listed != sorted(listed):
        problems.append("tool.driver.rules is not sorted")
    if set(listed) != fired:
        problems.append("tool.driver.rules differs from the rules that fired")
    if any("helpUri" not in r for r in run["tool"]["driver"]["rules"]):
        problems.append("a rule lacks helpUri")
    for problem in problems:
        print(f"{sarif_path}: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"{sarif_path}: valid SARIF 2.1.0, {len(run['results'])} results, "
          f"{len(listed)} rules, {len(run['artifacts'])} artifacts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
