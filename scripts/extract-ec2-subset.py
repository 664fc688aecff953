# Copied from ../shared/spec/extract.py (vpce spec extract) and extended with the
# operations vpce serves beyond the original 75; regenerate src/specs/ec2.json with it.
#!/usr/bin/env python3
"""Extract the VPC/VPC-endpoint subset of the EC2 (2016-11-15) botocore model.

Usage:
    python3 extract.py [--model PATH/service-2.json[.gz]] [--out ec2-vpce-subset.json] [--pretty]

Without --model the script asks the *importing* botocore for its EC2 model via
botocore.loaders (handles .json and .json.gz transparently), plus the
paginators-1.json and waiters-2.json next to it.

Output layout (all shapes shared by name, never duplicated):
{
  "meta":  {botocore version, model path, service metadata, wire-name rules},
  "operations": {
     "<Op>": {"input": "<ShapeName>", "output": "<ShapeName>"|null, "doc": "...",
              "paginator": {...}?, "waiters": ["VpcAvailable", ...]?}
  },
  "shapes": {
     "<Shape>": {"type": "structure", "required": [...], "doc": "...",
                 "members": {"<Member>": {"shape": "<Shape>",
                                           "locationName"?: raw model value,
                                           "queryName"?: raw model value,
                                           "q"?: request key segment (if != member name),
                                           "x"?: response XML element (if != member name),
                                           "idempotencyToken"?: true, "deprecated"?: true,
                                           "doc": "..."}},
                 "use": "in"|"out"|"both"},
     "<List>":  {"type": "list", "member": "<Shape>", "memberLocationName"?: "item", ...},
     "<Str>":   {"type": "string", "enum"?: [...], "min"?, "max"?, "pattern"?},
     ...
  },
  "waiters": {"<Name>": {... verbatim waiter definition ...}}
}
"""
import argparse
import gzip
import html
import json
import os
import re
import sys

OPERATIONS = """
CreateVpc DeleteVpc DescribeVpcs ModifyVpcAttribute DescribeVpcAttribute
CreateSubnet DeleteSubnet DescribeSubnets
CreateRouteTable DeleteRouteTable DescribeRouteTables AssociateRouteTable
DisassociateRouteTable CreateRoute ReplaceRoute DeleteRoute
CreateInternetGateway AttachInternetGateway DetachInternetGateway
DeleteInternetGateway DescribeInternetGateways
CreateNatGateway DescribeNatGateways DeleteNatGateway AllocateAddress
CreateSecurityGroup DeleteSecurityGroup DescribeSecurityGroups
DescribeSecurityGroupRules AuthorizeSecurityGroupIngress
AuthorizeSecurityGroupEgress RevokeSecurityGroupIngress RevokeSecurityGroupEgress
CreateNetworkAcl DeleteNetworkAcl DescribeNetworkAcls CreateNetworkAclEntry
ReplaceNetworkAclEntry DeleteNetworkAclEntry ReplaceNetworkAclAssociation
CreateNetworkInterface DescribeNetworkInterfaces DeleteNetworkInterface
RunInstances DescribeInstances TerminateInstances
CreateVpcEndpoint ModifyVpcEndpoint DescribeVpcEndpoints DeleteVpcEndpoints
DescribeVpcEndpointServices DescribePrefixLists DescribeManagedPrefixLists
GetManagedPrefixListEntries CreateManagedPrefixList ModifyManagedPrefixList
DeleteManagedPrefixList CreateVpcEndpointServiceConfiguration
ModifyVpcEndpointServiceConfiguration DescribeVpcEndpointServiceConfigurations
DeleteVpcEndpointServiceConfigurations ModifyVpcEndpointServicePermissions
DescribeVpcEndpointServicePermissions AcceptVpcEndpointConnections
RejectVpcEndpointConnections DescribeVpcEndpointConnections
CreateVpcPeeringConnection AcceptVpcPeeringConnection
DescribeVpcPeeringConnections DeleteVpcPeeringConnection
CreateTags DeleteTags DescribeTags DescribeAvailabilityZones DescribeRegions
ReplaceRouteTableAssociation RejectVpcPeeringConnection ReleaseAddress DescribeAddresses
CreateVpnGateway AttachVpnGateway DetachVpnGateway DeleteVpnGateway DescribeVpnGateways
AssociateVpcCidrBlock DisassociateVpcCidrBlock ModifySubnetAttribute CreateDefaultVpc
DescribeNetworkInterfaceAttribute 
DescribeInstanceAttribute ModifyInstanceAttribute DescribeInstanceTypes DescribeImages
DescribeVolumes DescribeInstanceCreditSpecifications ModifyInstanceCreditSpecification
StopInstances StartInstances AssociateAddress DisassociateAddress AssignPrivateIpAddresses
UnassignPrivateIpAddresses AttachNetworkInterface DetachNetworkInterface
ModifyNetworkInterfaceAttribute CreateDhcpOptions DeleteDhcpOptions DescribeDhcpOptions
AssociateDhcpOptions DescribeAccountAttributes ModifySecurityGroupRules
UpdateSecurityGroupRuleDescriptionsIngress UpdateSecurityGroupRuleDescriptionsEgress
EnableVgwRoutePropagation DisableVgwRoutePropagation CreateDefaultSubnet
CreateVpcEndpointConnectionNotification DescribeVpcEndpointConnectionNotifications
ModifyVpcEndpointConnectionNotification DeleteVpcEndpointConnectionNotifications
AssignIpv6Addresses UnassignIpv6Addresses CreateEgressOnlyInternetGateway
DescribeEgressOnlyInternetGateways DeleteEgressOnlyInternetGateway AssociateSubnetCidrBlock
DisassociateSubnetCidrBlock DescribeInstanceStatus MonitorInstances UnmonitorInstances ModifyInstanceMetadataOptions
DescribeAddressesAttribute ModifyVpcPeeringConnectionOptions
ModifyVpcEndpointServicePayerResponsibility ResetNetworkInterfaceAttribute DescribeKeyPairs
ModifyVpcTenancy GetInstanceMetadataDefaults
""".split()

TYPE_KEYS = ("min", "max", "pattern", "sensitive", "enum")


def one_sentence(doc):
    """Strip HTML and keep the first sentence."""
    if not doc:
        return None
    text = re.sub(r"<[^>]+>", " ", doc)
    text = html.unescape(text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return None
    # first sentence: up to the first '.', '!' or '?' followed by space+Capital/paren
    # but do not split on common abbreviations.
    m = re.search(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)[.!?](?=\s+[A-Z(\[\"'])", text)
    if m:
        text = text[: m.end()]
    if len(text) > 300:
        text = text[:297].rstrip() + "..."
    return text


def filter_names(doc):
    """Filter names documented in a Filters member (<li><p><code>name</code> - ...)."""
    names = []
    for li in re.findall(r"<li>(.*?)</li>", doc or "", flags=re.S):
        m = re.match(r"\s*(?:<p>)?\s*<code>([^<]+)</code>((?:\s*:\s*(?:<code>)?\s*&lt;key&gt;)?)", li)
        if m:
            n = m.group(1).strip() + (":<key>" if m.group(2) else "")
            if n not in names:
                names.append(n)
    return names


def find_model_files(model_path=None):
    """Return (service_model_path, paginators_path, waiters_path, botocore_version)."""
    version = None
    try:
        import botocore  # noqa
        version = botocore.__version__
    except ImportError:
        botocore = None
    if model_path is not None:
        # explicit model: read __version__ from the botocore package that contains it, if any
        version = None
        pkg = os.path.abspath(os.path.join(os.path.dirname(model_path), "..", "..", ".."))
        init = os.path.join(pkg, "__init__.py")
        if os.path.exists(init):
            m = re.search(r"__version__\s*=\s*['\"]([^'\"]+)", open(init).read())
            if m:
                version = m.group(1)
    if model_path is None:
        if botocore is None:
            sys.exit("botocore not importable; pass --model")
        base = os.path.join(os.path.dirname(botocore.__file__), "data", "ec2", "2016-11-15")
        for name in ("service-2.json", "service-2.json.gz"):
            if os.path.exists(os.path.join(base, name)):
                model_path = os.path.join(base, name)
                break
        else:
            sys.exit("EC2 model not found under " + base)
    base = os.path.dirname(model_path)

    def opt(name):
        for cand in (name, name + ".gz"):
            p = os.path.join(base, cand)
            if os.path.exists(p):
                return p
        return None

    return model_path, opt("paginators-1.json"), opt("waiters-2.json"), version


def load_json(path):
    if path is None:
        return {}
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", help="path to ec2 service-2.json or .json.gz")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "ec2-vpce-subset.json"))
    ap.add_argument("--pretty", action="store_true")
    args = ap.parse_args()

    model_path, pag_path, wait_path, version = find_model_files(args.model)
    model = load_json(model_path)
    pags = load_json(pag_path).get("pagination", {})
    waits = load_json(wait_path).get("waiters", {})
    shapes_in = model["shapes"]
    ops_in = model["operations"]

    missing = [o for o in OPERATIONS if o not in ops_in]
    if missing:
        print("WARNING: operations not in model:", missing, file=sys.stderr)

    out_shapes = {}
    usage = {}  # shape name -> set('in','out')

    def visit(name, direction):
        u = usage.setdefault(name, set())
        if direction in u:
            return
        u.add(direction)
        s = shapes_in[name]
        t = s["type"]
        if t == "structure":
            for m in s.get("members", {}).values():
                visit(m["shape"], direction)
        elif t == "list":
            visit(s["member"]["shape"], direction)
        elif t == "map":
            visit(s["key"]["shape"], direction)
            visit(s["value"]["shape"], direction)

    ops_out = {}
    for op in OPERATIONS:
        if op not in ops_in:
            continue
        o = ops_in[op]
        inp = o.get("input", {}).get("shape")
        outp = o.get("output", {}).get("shape")
        if inp:
            visit(inp, "in")
        if outp:
            visit(outp, "out")
        entry = {"input": inp, "output": outp}
        d = one_sentence(o.get("documentation"))
        if d:
            entry["doc"] = d
        if o.get("deprecated"):
            entry["deprecated"] = True
        if op in pags:
            entry["paginator"] = pags[op]
        if inp:
            for mname, mm in shapes_in[inp].get("members", {}).items():
                if shapes_in[mm["shape"]]["type"] == "list" and shapes_in[shapes_in[mm["shape"]]["member"]["shape"]].get("members", {}).keys() >= {"Name", "Values"}:
                    fn = filter_names(mm.get("documentation"))
                    if fn:
                        entry.setdefault("filters", {})[mname] = fn
        w = sorted(n for n, wd in waits.items() if wd.get("operation") == op)
        if w:
            entry["waiters"] = w
        ops_out[op] = entry

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
                if "locationName" in m:
                    mm["locationName"] = m["locationName"]
                if "queryName" in m:
                    mm["queryName"] = m["queryName"]
                # EC2Serializer._get_serialized_name
                if d_in:
                    if "queryName" in m:
                        q = m["queryName"]
                    elif "locationName" in m:
                        q = m["locationName"][0].upper() + m["locationName"][1:]
                    else:
                        q = mname
                    if q != mname:
                        mm["q"] = q
                # BaseXMLResponseParser._member_key_name
                if d_out:
                    x = m.get("locationName", mname)
                    if x != mname:
                        mm["x"] = x
                for k in ("idempotencyToken", "deprecated", "deprecatedMessage", "xmlAttribute", "flattened"):
                    if k in m:
                        mm[k] = m[k]
                dd = one_sentence(m.get("documentation"))
                if dd:
                    mm["doc"] = dd
                mem[mname] = mm
            r["members"] = mem
        elif t == "list":
            r["member"] = s["member"]["shape"]
            # A list whose member names no element (InferenceDeviceInfoList) is read by the SDKs as <member>.
            r["memberLocationName"] = s["member"].get("locationName", "member")
            if "queryName" in s["member"]:
                r["memberQueryName"] = s["member"]["queryName"]
            if s.get("flattened"):
                r["flattened"] = True
        elif t == "map":
            r["key"] = s["key"]["shape"]
            r["value"] = s["value"]["shape"]
        for k in TYPE_KEYS:
            if k in s:
                r[k] = s[k]
        dd = one_sentence(s.get("documentation"))
        if dd and t in ("structure",):
            r["doc"] = dd
        r["use"] = "both" if (d_in and d_out) else ("in" if d_in else "out")
        out_shapes[name] = r

    used_waiters = {n: waits[n] for e in ops_out.values() for n in e.get("waiters", [])}

    result = {
        "meta": {
            "generator": "extract.py",
            "botocoreVersion": version,
            "modelPath": model_path,
            "paginatorsPath": pag_path,
            "waitersPath": wait_path,
            "serviceMetadata": model.get("metadata"),
            "counts": {"operations": len(ops_out), "shapes": len(out_shapes),
                       "modelOperations": len(ops_in), "modelShapes": len(shapes_in)},
            "missingOperations": missing,
            "wireRules": {
                "request": "POST / form-urlencoded; Action=<Op>&Version=2016-11-15; key segment per member = "
                           "queryName || ucfirst(locationName) || memberName (precomputed as 'q' when it differs); "
                           "ALL lists are flattened: <ListKey>.<N> (1-based), structures nest with '.', "
                           "list member locationName is ignored on input; empty lists are omitted; "
                           "booleans 'true'/'false'; timestamps ISO8601.",
                "response": "XML root <<Op>Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"> with <requestId>; "
                            "element per member = locationName || memberName (precomputed as 'x' when it differs); "
                            "lists are wrapped: <x><item>..</item></x> (memberLocationName, normally 'item').",
                "use": "'in' = reachable from an operation input, 'out' = from an output, 'both'.",
            },
            "knownWireQuirks": [
                "Model xmlNamespace lacks the trailing slash; real responses use http://ec2.amazonaws.com/doc/2016-11-15/ (SDKs ignore it).",
                "Operations with output=null still answer <XResponse><requestId/><return>true</return></XResponse>.",
                "VpcEndpoint.State enum is PascalCase in the model but camelCase on the wire (pendingAcceptance, available, ...).",
                "Errors use <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response> (RequestID, not requestId).",
                "JS SDK v3 reads the request id only from the x-amzn-requestid header; botocore only from <requestId>.",
                "Timestamps must be RFC3339 with zone (JS throws otherwise), e.g. 2024-05-01T12:34:56.000Z.",
            ],
        },
        "operations": ops_out,
        "shapes": out_shapes,
        "waiters": used_waiters,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        if args.pretty:
            json.dump(result, f, indent=1, sort_keys=False)
        else:
            json.dump(result, f, separators=(",", ":"), sort_keys=False)
    print(f"wrote {args.out}: {os.path.getsize(args.out)} bytes, "
          f"{len(ops_out)} operations, {len(out_shapes)} shapes (botocore {version}, {model_path})")


if __name__ == "__main__":
    main()
