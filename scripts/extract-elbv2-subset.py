#!/usr/bin/env python3
"""Extract the subset of the Elastic Load Balancing v2 (2015-12-01) botocore model that vpce serves.

Usage:
    python3 scripts/extract-elbv2-subset.py [--model PATH/service-2.json[.gz]] [--out src/specs/elbv2.json]

Same layout as src/specs/ec2.json (see scripts/extract-ec2-subset.py), with the plain Query protocol's
wire names instead of EC2's:
  * request key segment 'q' = locationName || member name (botocore QuerySerializer), lists are
    '<Key>.<memberLocationName || member>.<N>' unless flattened, maps '<Key>.entry.<N>.key/value';
  * response element 'x' = locationName || member name, list items '<member>', the operation's members
    wrapped in '<Op>Result' ('resultWrapper' per operation);
  * 'errors': every error shape reachable from the served operations, by wire code, with its HTTP status.
"""
import argparse
import importlib.util
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Reuse the EC2 extractor's helpers (documentation sentences, model file loading).
_spec = importlib.util.spec_from_file_location("extract_ec2", os.path.join(HERE, "extract-ec2-subset.py"))
ec2x = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ec2x)

OPERATIONS = """
CreateLoadBalancer DescribeLoadBalancers DeleteLoadBalancer
CreateTargetGroup DescribeTargetGroups DeleteTargetGroup
RegisterTargets DeregisterTargets DescribeTargetHealth
CreateListener DescribeListeners DeleteListener
DescribeLoadBalancerAttributes ModifyLoadBalancerAttributes DescribeTargetGroupAttributes
ModifyTargetGroupAttributes AddTags RemoveTags DescribeTags ModifyListener ModifyTargetGroup
SetSecurityGroups SetSubnets SetIpAddressType DescribeSSLPolicies DescribeAccountLimits
DescribeListenerAttributes ModifyListenerAttributes DescribeCapacityReservation
ModifyCapacityReservation
""".split()

TYPE_KEYS = ("min", "max", "pattern", "enum")


def find_model(model_path):
    if model_path:
        return model_path
    import botocore
    base = os.path.join(os.path.dirname(botocore.__file__), "data", "elbv2", "2015-12-01")
    for name in ("service-2.json", "service-2.json.gz"):
        if os.path.exists(os.path.join(base, name)):
            return os.path.join(base, name)
    raise SystemExit("ELBv2 model not found under " + base)


def build_subset(model_path, operations, generator, api_version):
    """The plain-Query subset of a botocore model for `operations` (shapes, errors, paginators, wire names)."""
    base = os.path.dirname(model_path)
    model = ec2x.load_json(model_path)
    pags = ec2x.load_json(os.path.join(base, "paginators-1.json") if os.path.exists(os.path.join(base, "paginators-1.json")) else None).get("pagination", {})
    try:
        import botocore
        version = botocore.__version__
    except ImportError:
        version = None
    shapes_in, ops_in = model["shapes"], model["operations"]
    usage = {}
    errors = {}

    def visit(name, direction):
        u = usage.setdefault(name, set())
        if direction in u:
            return
        u.add(direction)
        s = shapes_in[name]
        if s["type"] == "structure":
            for m in s.get("members", {}).values():
                visit(m["shape"], direction)
        elif s["type"] == "list":
            visit(s["member"]["shape"], direction)
        elif s["type"] == "map":
            visit(s["key"]["shape"], direction)
            visit(s["value"]["shape"], direction)

    ops_out = {}
    for op in operations:
        o = ops_in[op]
        inp = o.get("input", {}).get("shape")
        outp = o.get("output", {}).get("shape")
        if inp:
            visit(inp, "in")
        if outp:
            visit(outp, "out")
        entry = {"input": inp, "output": outp}
        if o.get("output", {}).get("resultWrapper"):
            entry["resultWrapper"] = o["output"]["resultWrapper"]
        d = ec2x.one_sentence(o.get("documentation"))
        if d:
            entry["doc"] = d
        if op in pags:
            entry["paginator"] = pags[op]
        entry["errors"] = []
        for e in o.get("errors", []):
            es = shapes_in[e["shape"]]
            info = es.get("error", {})
            code = info.get("code", e["shape"])
            entry["errors"].append(code)
            errors[code] = {"shape": e["shape"], "httpStatusCode": info.get("httpStatusCode", 400),
                            "senderFault": bool(info.get("senderFault", False)),
                            "doc": ec2x.one_sentence(es.get("documentation"))}
        ops_out[op] = entry

    out_shapes = {}
    for name in sorted(usage):
        s = shapes_in[name]
        u = usage[name]
        d_in, d_out = "in" in u, "out" in u
        t = s["type"]
        r = {"type": t}
        if t == "structure":
            if s.get("required"):
                r["required"] = s["required"]
            mem = {}
            for mname, m in s.get("members", {}).items():
                mm = {"shape": m["shape"]}
                # QuerySerializer._serialize_type_structure / BaseXMLResponseParser._member_key_name:
                # both use locationName when present.
                wire = m.get("locationName", mname)
                if wire != mname:
                    if d_in:
                        mm["q"] = wire
                    if d_out:
                        mm["x"] = wire
                for k in ("idempotencyToken", "deprecated"):
                    if k in m:
                        mm[k] = m[k]
                dd = ec2x.one_sentence(m.get("documentation"))
                if dd:
                    mm["doc"] = dd
                mem[mname] = mm
            r["members"] = mem
        elif t == "list":
            r["member"] = s["member"]["shape"]
            if "locationName" in s["member"]:
                r["memberLocationName"] = s["member"]["locationName"]
            if s.get("flattened"):
                r["flattened"] = True
        elif t == "map":
            r["key"] = s["key"]["shape"]
            r["value"] = s["value"]["shape"]
            if s.get("flattened"):
                r["flattened"] = True
        for k in TYPE_KEYS:
            if k in s:
                r[k] = s[k]
        r["use"] = "both" if (d_in and d_out) else ("in" if d_in else "out")
        out_shapes[name] = r

    result = {
        "meta": {
            "generator": generator,
            "botocoreVersion": version,
            "modelPath": model_path,
            "serviceMetadata": model.get("metadata"),
            "counts": {"operations": len(ops_out), "shapes": len(out_shapes), "errors": len(errors)},
            "wireRules": {
                "request": "POST / form-urlencoded; Action=<Op>&Version=" + api_version + "; key segment = locationName || member "
                           "name ('q' when it differs); lists <Key>.member.<N> (1-based) unless flattened; maps "
                           "<Key>.entry.<N>.key / .value; booleans 'true'/'false'; timestamps ISO8601.",
                "response": "<<Op>Response xmlns=...><<Op>Result>...</<Op>Result><ResponseMetadata><RequestId/>"
                            "</ResponseMetadata></<Op>Response>; element = locationName || member name ('x'); list "
                            "items <member>; errors <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>.",
            },
        },
        "operations": ops_out,
        "shapes": out_shapes,
        "errors": dict(sorted(errors.items())),
    }
    return result


def write_subset(result, out):
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    c = result["meta"]["counts"]
    print(f"wrote {out}: {c['operations']} operations, {c['shapes']} shapes, {c['errors']} errors (botocore {result['meta']['botocoreVersion']})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model")
    ap.add_argument("--out", default=os.path.join(ROOT, "src", "specs", "elbv2.json"))
    args = ap.parse_args()
    write_subset(build_subset(find_model(args.model), OPERATIONS, "scripts/extract-elbv2-subset.py", "2015-12-01"), args.out)

if __name__ == "__main__":
    main()
