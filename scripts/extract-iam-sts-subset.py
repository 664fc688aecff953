#!/usr/bin/env python3
"""Extract the subsets of the IAM (2010-05-08) and STS (2011-06-15) botocore models that vpce serves.

Usage:
    python3 scripts/extract-iam-sts-subset.py [--out-dir src/specs]

Writes src/specs/iam.json and src/specs/sts.json in the layout of src/specs/elbv2.json: both services speak the
plain Query protocol, so the ELBv2 extractor's build_subset (imported, not copied) does the work; this script
only names the operations and finds the models. Then run `python3 scripts/gen-types.py iam` and `... sts`.
"""
import argparse
import importlib.util
import os

from botocore_models import find_model

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

_spec = importlib.util.spec_from_file_location("extract_elbv2", os.path.join(HERE, "extract-elbv2-subset.py"))
elbx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(elbx)

IAM_OPERATIONS = """
CreateUser GetUser ListUsers DeleteUser
CreateAccessKey ListAccessKeys DeleteAccessKey UpdateAccessKey
PutUserPolicy GetUserPolicy ListUserPolicies DeleteUserPolicy
CreateRole GetRole ListRoles DeleteRole UpdateAssumeRolePolicy
PutRolePolicy GetRolePolicy ListRolePolicies DeleteRolePolicy
CreatePolicy GetPolicy GetPolicyVersion ListPolicies DeletePolicy
AttachUserPolicy DetachUserPolicy ListAttachedUserPolicies
AttachRolePolicy DetachRolePolicy ListAttachedRolePolicies
CreateInstanceProfile GetInstanceProfile DeleteInstanceProfile ListInstanceProfiles ListInstanceProfilesForRole
AddRoleToInstanceProfile RemoveRoleFromInstanceProfile
TagRole UntagRole ListRoleTags TagUser UntagUser ListUserTags TagPolicy UntagPolicy ListPolicyTags
TagInstanceProfile UntagInstanceProfile ListInstanceProfileTags ListPolicyVersions
CreatePolicyVersion DeletePolicyVersion SetDefaultPolicyVersion ListEntitiesForPolicy UpdateRole
UpdateRoleDescription GetAccessKeyLastUsed ListGroupsForUser UpdateUser
""".split()

STS_OPERATIONS = """
GetCallerIdentity AssumeRole
""".split()




def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "src", "specs"))
    args = ap.parse_args()
    for service, version, ops in (("iam", "2010-05-08", IAM_OPERATIONS), ("sts", "2011-06-15", STS_OPERATIONS)):
        result = elbx.build_subset(find_model(service, version), ops, "scripts/extract-iam-sts-subset.py", version)
        elbx.write_subset(result, os.path.join(args.out_dir, f"{service}.json"))


if __name__ == "__main__":
    main()
