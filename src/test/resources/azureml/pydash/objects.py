"""pydash.objects: get, omit, set_ (the subset azure-ai-ml 1.4.0 calls)."""

import copy

_MISSING = object()


def _keys(path):
    if isinstance(path, (list, tuple)):
        return list(path)
    return [] if path is None or path == "" else str(path).split(".")


def _child(obj, key, default=_MISSING):
    if isinstance(obj, dict):
        return obj.get(key, default) if key in obj else default
    if isinstance(obj, (list, tuple)):
        try:
            return obj[int(key)]
        except (ValueError, IndexError):
            return default
    return getattr(obj, key, default)


def get(obj, path, default=None):
    current = obj
    for key in _keys(path):
        current = _child(current, key)
        if current is _MISSING:
            return default
    return current


def set_(obj, path, value):
    keys = _keys(path)
    if not keys:
        return obj
    current = obj
    for key in keys[:-1]:
        nxt = _child(current, key)
        if nxt is _MISSING or nxt is None:
            nxt = {}
            if isinstance(current, dict):
                current[key] = nxt
            else:
                setattr(current, key, nxt)
        current = nxt
    if isinstance(current, dict):
        current[keys[-1]] = value
    elif isinstance(current, list):
        current[int(keys[-1])] = value
    else:
        setattr(current, keys[-1], value)
    return obj


def omit(obj, *paths):
    flat = []
    for p in paths:
        if isinstance(p, (list, tuple)):
            flat.extend(p)
        else:
            flat.append(p)
    result = copy.deepcopy(obj) if isinstance(obj, dict) else dict(vars(obj)) if hasattr(obj, "__dict__") else obj
    for p in flat:
        keys = _keys(p)
        parent = result
        for key in keys[:-1]:
            parent = _child(parent, key)
            if parent is _MISSING or parent is None:
                break
        else:
            if isinstance(parent, dict):
                parent.pop(keys[-1], None)
    return result
