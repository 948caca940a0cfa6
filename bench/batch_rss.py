"""check_many over 1,000,000 small users in a JSON-lines file: max RSS and throughput.

    .venv/bin/python bench/batch_rss.py [USERS]

Writes the file to a temp directory, runs check_many over its path in a child process and prints
the child's max RSS (resource.getrusage) and records per second. The goal is < 64 MiB.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

CHILD = """
import json, resource, sys, time, scimgate
t = time.perf_counter()
results = scimgate.Validator(approved_domains=["acme.com"]).check_many(sys.argv[1])
n = sum(1 for _ in results)
s = results.summary
print(json.dumps({"records": n, "valid": s["valid"], "seconds": time.perf_counter() - t,
                  "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "users.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for i in range(users):
                f.write('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"u%d@acme.com",'
                        '"name":{"givenName":"U","familyName":"%d"},"active":true}\n' % (i, i))
        size = os.path.getsize(path)
        t = time.perf_counter()
        out = json.loads(subprocess.run([sys.executable, "-c", CHILD, path], check=True,
                                        capture_output=True, text=True).stdout)
        out["file_mib"] = size / 2**20
        out["records_per_second"] = round(out["records"] / out["seconds"])
        out["wall_seconds"] = time.perf_counter() - t
        print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
