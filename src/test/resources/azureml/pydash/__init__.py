"""A stand-in for the three pydash functions azure-ai-ml 1.4.0 uses (Debian has no python3-pydash).

get(obj, "a.b.c", default), omit(obj, *paths) and objects.set_(obj, "a.b", value), over dicts and attributes with
dotted paths, as pydash does for the cases the SDK reaches. Test-only: see docs/decisions/020-azureml-surface.md.
"""

from . import objects
from .objects import get, omit, set_

__all__ = ["get", "omit", "set_", "objects"]
