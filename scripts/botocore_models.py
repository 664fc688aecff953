"""Find and read botocore service models (shared by the scripts/extract-*-subset.py extractors)."""
import gzip
import json
import os


def find_model(service, version, model_path=None):
    """The path of botocore's service-2.json(.gz) for a service and API version, or `model_path` when given."""
    if model_path:
        return model_path
    import botocore
    base = os.path.join(os.path.dirname(botocore.__file__), "data", service, version)
    for name in ("service-2.json", "service-2.json.gz"):
        if os.path.exists(os.path.join(base, name)):
            return os.path.join(base, name)
    raise SystemExit(f"{service} model not found under {base}")


def load_json(path):
    """Read a JSON file, gzipped or not."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)
