"""A larger schemathesis run over /render-ws/swagger.json than the test suite's (which takes 3 examples
per operation): every operation, ``--examples`` generated requests each, against one in-process emulator.
Prints operations, examples and findings (Python exceptions behind a 500, non-JSON JSON answers, store
changes after a refused write).

Run: ``python benchmarks/bench_fuzz.py [--examples N]``.
"""

from __future__ import annotations

import argparse
import json
import time

import schemathesis
from hypothesis import HealthCheck, given, settings

from render_emulator import create_app
from render_emulator.context import EXCEPTIONS_KEY, STORE_KEY


def snapshot(app) -> dict:
    store = app.extensions[STORE_KEY]
    return {(db.name, name): sorted(map(repr, db[name].find({}, {"_id": False})))
            for db in (store.render_db, store.match_db) for name in db.list_collection_names()}


def non_numeric(token: str):
    raise ValueError(f"non-JSON token {token}")


def fuzz(examples: int) -> None:
    app = create_app()
    schema = schemathesis.openapi.from_wsgi("/render-ws/swagger.json", app)
    findings: list[str] = []
    counts = {"operations": 0, "examples": 0}
    started = time.perf_counter()

    for result in schema.get_all_operations():
        operation = result.ok()
        counts["operations"] += 1

        @settings(max_examples=examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            counts["examples"] += 1
            writes = case.method.upper() in ("POST", "PUT", "DELETE")
            before = snapshot(app) if writes else None
            response = case.call()
            label = f"{case.method} {case.formatted_path} -> {response.status_code}"
            if app.extensions[EXCEPTIONS_KEY]:
                error = app.extensions[EXCEPTIONS_KEY].pop()
                findings.append(f"{label}: Python {type(error).__name__}: {error}")
            if "json" in response.headers.get("Content-Type", ""):
                try:
                    json.loads(response.text, parse_constant=non_numeric)
                except ValueError as error:
                    findings.append(f"{label}: answer is not strict JSON ({error})")
            if writes and response.status_code >= 400 and snapshot(app) != before:
                findings.append(f"{label}: the refused write changed the store")

        run()
    took = time.perf_counter() - started
    print(f"schemathesis: {counts['operations']} operations, {counts['examples']} examples in {took:.0f} s, "
          f"{len(findings)} findings")
    for finding in findings[:50]:
        print("  " + finding)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=25)
    fuzz(parser.parse_args().examples)


if __name__ == "__main__":
    main()
