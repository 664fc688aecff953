#!/usr/bin/env python3
"""Extract the subset of the DynamoDB (2012-08-10) botocore model that vpce serves.

Usage:
    python3 scripts/extract-dynamodb-subset.py [--model PATH/service-2.json[.gz]] [--out src/specs/dynamodb.json]

Origin: botocore's data/dynamodb/2012-08-10/service-2.json(.gz). The output keeps, for the served operations,
every reachable shape with only what the JSON 1.0 walkers need (type, members, required, union, enum, min, max,
pattern; no documentation), and every error shape the operations declare, by wire code, with its HTTP status
(awsJson1_0: 400 for client errors, 500 for faults).
"""
import argparse
import json
import os

from botocore_models import find_model as _find, load_json

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

OPERATIONS = """
CreateTable DescribeTable ListTables DeleteTable
PutItem GetItem UpdateItem DeleteItem Query Scan BatchGetItem BatchWriteItem
PutResourcePolicy GetResourcePolicy DeleteResourcePolicy
DescribeTimeToLive UpdateTimeToLive DescribeContinuousBackups UpdateContinuousBackups
TagResource UntagResource ListTagsOfResource
TransactWriteItems TransactGetItems UpdateTable DescribeLimits DescribeEndpoints
""".split()

SHAPE_KEYS = ("min", "max", "pattern", "enum", "union")






def build(model_path):
    model = load_json(model_path)
    shapes_in, ops_in = model["shapes"], model["operations"]
    shapes_out, errors = {}, {}

    def visit(name):
        if name in shapes_out:
            return
        s = shapes_in[name]
        out = {"type": s["type"]}
        for k in SHAPE_KEYS:
            if k in s:
                out[k] = s[k]
        shapes_out[name] = out
        if s["type"] == "structure":
            out["members"] = {m: {"shape": v["shape"]} for m, v in s.get("members", {}).items()}
            if s.get("required"):
                out["required"] = s["required"]
            for v in s.get("members", {}).values():
                visit(v["shape"])
        elif s["type"] == "list":
            out["member"] = s["member"]["shape"]
            visit(s["member"]["shape"])
        elif s["type"] == "map":
            out["key"] = s["key"]["shape"]
            out["value"] = s["value"]["shape"]
            visit(s["key"]["shape"])
            visit(s["value"]["shape"])

    ops_out = {}
    for op in OPERATIONS:
        o = ops_in[op]
        entry = {}
        if "input" in o:
            entry["input"] = o["input"]["shape"]
            visit(o["input"]["shape"])
        if "output" in o:
            entry["output"] = o["output"]["shape"]
            visit(o["output"]["shape"])
        entry["errors"] = [e["shape"] for e in o.get("errors", [])]
        for e in o.get("errors", []):
            es = shapes_in[e["shape"]]
            fault = bool(es.get("fault"))
            errors[e["shape"]] = {
                "shape": e["shape"],
                "httpStatusCode": es.get("error", {}).get("httpStatusCode", 500 if fault else 400),
                "senderFault": not fault,
            }
            visit(e["shape"])
        ops_out[op] = entry
    try:
        import botocore
        version = botocore.__version__
    except ImportError:
        version = None
    meta = {
        "generator": "scripts/extract-dynamodb-subset.py",
        "origin": "botocore data/dynamodb/2012-08-10/service-2.json",
        "botocoreVersion": version,
        "serviceMetadata": model["metadata"],
        "counts": {"operations": len(ops_out), "shapes": len(shapes_out), "errors": len(errors)},
    }
    return {"meta": meta, "operations": ops_out, "shapes": dict(sorted(shapes_out.items())), "errors": dict(sorted(errors.items()))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model")
    ap.add_argument("--out", default=os.path.join(ROOT, "src", "specs", "dynamodb.json"))
    args = ap.parse_args()
    subset = build(_find('dynamodb', '2012-08-10', args.model))
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(subset, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}: {subset['meta']['counts']}")


if __name__ == "__main__":
    main()
