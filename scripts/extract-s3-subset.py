#!/usr/bin/env python3
"""Extract the subset of the Amazon S3 (2006-03-01) botocore model that vpce serves.

Usage:
    python3 scripts/extract-s3-subset.py [--model PATH/service-2.json[.gz]] [--out src/specs/s3.json]

Origin: botocore's data/s3/2006-03-01/service-2.json (the version is recorded in meta.botocoreVersion).
Layout (read by src/specs/s3-model.ts, walked by src/protocol/rest-xml/):
  * operations: {http: {method, requestUri}, input, output, root?, rootText?} where 'root' is the XML element
    S3 puts around an output without an explicit payload (the model leaves it to the protocol, e.g.
    ListBucketResult), and 'rootText' names the one member whose value is the root's text (GetBucketLocation);
  * shapes: only shapes reachable from the served operations, without documentation; members keep
    location (uri, querystring, header, headers, statusCode), locationName, flattened, xmlAttribute, streaming;
    structures keep payload and their own locationName; timestamps keep timestampFormat.
"""
import argparse
import json
import os

from botocore_models import find_model as _find, load_json

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

OPERATIONS = """
CreateBucket ListBuckets HeadBucket DeleteBucket GetBucketLocation
PutObject GetObject HeadObject DeleteObject DeleteObjects CopyObject
ListObjectsV2 ListObjects
CreateMultipartUpload UploadPart CompleteMultipartUpload AbortMultipartUpload ListParts ListMultipartUploads
PutBucketPolicy GetBucketPolicy DeleteBucketPolicy
GetBucketVersioning PutBucketVersioning ListObjectVersions
GetBucketAcl PutBucketAcl GetObjectAcl PutObjectAcl
GetBucketOwnershipControls PutBucketOwnershipControls DeleteBucketOwnershipControls
GetBucketTagging PutBucketTagging DeleteBucketTagging GetObjectTagging PutObjectTagging DeleteObjectTagging
GetBucketCors PutBucketCors DeleteBucketCors
GetPublicAccessBlock PutPublicAccessBlock DeletePublicAccessBlock GetBucketPolicyStatus
GetBucketEncryption PutBucketEncryption DeleteBucketEncryption
GetBucketLifecycleConfiguration PutBucketLifecycleConfiguration DeleteBucketLifecycle
GetBucketWebsite PutBucketWebsite DeleteBucketWebsite
GetBucketLogging PutBucketLogging
GetBucketReplication PutBucketReplication DeleteBucketReplication
GetBucketRequestPayment PutBucketRequestPayment
GetBucketAccelerateConfiguration PutBucketAccelerateConfiguration
GetBucketNotificationConfiguration PutBucketNotificationConfiguration
GetObjectLockConfiguration PutObjectLockConfiguration
UploadPartCopy GetObjectAttributes
""".split()

# AWS: the root element of each XML output without an explicit payload (S3 API reference, "Response Syntax").
ROOTS = {
    "ListBuckets": "ListAllMyBucketsResult",
    "ListObjectsV2": "ListBucketResult",
    "ListObjects": "ListBucketResult",
    "DeleteObjects": "DeleteResult",
    "CreateMultipartUpload": "InitiateMultipartUploadResult",
    "CompleteMultipartUpload": "CompleteMultipartUploadResult",
    "ListParts": "ListPartsResult",
    "ListMultipartUploads": "ListMultipartUploadsResult",
    "GetBucketLocation": "LocationConstraint",
    "GetBucketVersioning": "VersioningConfiguration",
    "ListObjectVersions": "ListVersionsResult",
    "GetBucketAcl": "AccessControlPolicy",
    "GetObjectAcl": "AccessControlPolicy",
    "GetBucketTagging": "Tagging",
    "GetObjectTagging": "Tagging",
    "GetBucketCors": "CORSConfiguration",
    "GetBucketLifecycleConfiguration": "LifecycleConfiguration",
    "GetBucketWebsite": "WebsiteConfiguration",
    "GetBucketLogging": "BucketLoggingStatus",
    "GetBucketRequestPayment": "RequestPaymentConfiguration",
    "GetBucketAccelerateConfiguration": "AccelerateConfiguration",
    "GetBucketNotificationConfiguration": "NotificationConfiguration",
    "GetObjectAttributes": "GetObjectAttributesResponse",
}
ROOT_TEXT = {"GetBucketLocation": "LocationConstraint"}

MEMBER_KEYS = ("location", "locationName", "flattened", "xmlAttribute", "streaming", "xmlNamespace")
SHAPE_KEYS = ("payload", "locationName", "flattened", "timestampFormat", "enum", "min", "max")






def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model")
    ap.add_argument("--out", default=os.path.join(ROOT, "src", "specs", "s3.json"))
    args = ap.parse_args()
    model_path = _find('s3', '2006-03-01', args.model)
    model = load_json(model_path)
    try:
        import botocore
        version = botocore.__version__
    except ImportError:
        version = None
    shapes_in, ops_in = model["shapes"], model["operations"]
    used = set()

    def visit(name):
        if name in used:
            return
        used.add(name)
        s = shapes_in[name]
        if s["type"] == "structure":
            for m in s.get("members", {}).values():
                visit(m["shape"])
        elif s["type"] == "list":
            visit(s["member"]["shape"])
        elif s["type"] == "map":
            visit(s["key"]["shape"])
            visit(s["value"]["shape"])

    ops_out = {}
    for op in OPERATIONS:
        o = ops_in[op]
        entry = {"http": {"method": o["http"]["method"], "requestUri": o["http"]["requestUri"]}}
        for d in ("input", "output"):
            if d in o:
                visit(o[d]["shape"])
                entry[d] = o[d]["shape"]
        if op in ROOTS:
            entry["root"] = ROOTS[op]
        if op in ROOT_TEXT:
            entry["rootText"] = ROOT_TEXT[op]
        ops_out[op] = entry

    out_shapes = {}
    for name in sorted(used):
        s = shapes_in[name]
        r = {"type": s["type"]}
        if s["type"] == "structure":
            if s.get("required"):
                r["required"] = s["required"]
            r["members"] = {
                mname: {"shape": m["shape"], **{k: m[k] for k in MEMBER_KEYS if k in m}}
                for mname, m in s.get("members", {}).items()
            }
        elif s["type"] == "list":
            r["member"] = s["member"]["shape"]
            if "locationName" in s["member"]:
                r["memberName"] = s["member"]["locationName"]
        elif s["type"] == "map":
            r["key"] = s["key"]["shape"]
            r["value"] = s["value"]["shape"]
        for k in SHAPE_KEYS:
            if k in s:
                r[k] = s[k]
        out_shapes[name] = r

    result = {
        "meta": {
            "generator": "scripts/extract-s3-subset.py",
            "origin": "botocore data/s3/2006-03-01/service-2.json",
            "botocoreVersion": version,
            "serviceMetadata": {k: model["metadata"][k] for k in ("apiVersion", "protocol", "serviceId")},
            "xmlNamespace": "http://s3.amazonaws.com/doc/2006-03-01/",
            "counts": {"operations": len(ops_out), "shapes": len(out_shapes)},
        },
        "operations": ops_out,
        "shapes": out_shapes,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}: {len(ops_out)} operations, {len(out_shapes)} shapes (botocore {version})")


if __name__ == "__main__":
    main()
