"""`make package STAGE=dev|prod`: the deployable template and code in build/<stage>/, offline, then cfn-lint.

1. infra/build_template.py writes infra/resources.json (our resources and overrides);
2. `chalice package --pkg-format cloudformation --merge-template infra/resources.json` packages the app;
3. one fix Chalice's merge cannot express: the worker's SQS trigger points at the stack's own queue
   (a merge would mix Chalice's name-based ARN with ours);
4. cfn-lint must report nothing.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infra.build_template import OUT, QUEUE_ARN, template  # noqa: E402


def package(stage: str, out: Path) -> Path:
    OUT.write_text(json.dumps(template(), indent=1) + "\n", encoding="utf-8")
    env = {**os.environ, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1")}
    chalice = Path(sys.executable).with_name("chalice")
    subprocess.run([str(chalice), "package", "--pkg-format", "cloudformation", "--stage", stage,
                    "--merge-template", str(OUT), str(out)], cwd=ROOT, env=env, check=True)
    sam = out / "sam.json"
    doc = json.loads(sam.read_text())
    events = doc["Resources"]["MailWorker"]["Properties"]["Events"]
    events["MailWorkerSqsEventSource"]["Properties"]["Queue"] = QUEUE_ARN
    sam.write_text(json.dumps(doc, indent=1) + "\n")
    return sam


def lint(sam: Path) -> None:
    subprocess.run([str(Path(sys.executable).with_name("cfn-lint")), str(sam)], check=True)


def main() -> int:
    stage = sys.argv[1] if len(sys.argv) > 1 else "dev"
    sam = package(stage, ROOT / "build" / stage)
    lint(sam)
    print(f"{sam}: packaged and cfn-lint clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
