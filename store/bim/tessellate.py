"""Reading and tessellating an IFC file, meant to run in a separate process.

:func:`worker` is the target of a ``multiprocessing.get_context("spawn")`` process (see
:mod:`store.bim.loader`, which starts it, polls its queue and honours cancel): a crash of the
IFC parser or of the geometry kernel then ends that process, not the application. The worker
opens the file, reads its georeferencing (:func:`store.bim.georef.read_georef`), builds the
element tree, reads every element's attributes, property sets and quantity sets, tessellates
with ``ifcopenshell.geom.iterator`` and writes the result into a directory the parent gave it:

* ``geometry.npz``: ``vertices`` (V, 3) float64 in project metres, ``triangles`` (T, 3) int32,
  ``element_of_triangle`` (T,) int32;
* ``result.json``: schema, georeferencing, elements, properties and the load report;
* ``error.json`` instead, when the file cannot be read: ``{"problem": "..."}``.

Progress goes through the queue as ``("progress", fraction, message)``; the last message is
``("done",)`` or ``("error", problem)``.

Which products must have geometry (:func:`body_products`): every ``IfcProduct`` except
``IfcOpeningElement`` (it is cut out of its host) that has a shape representation whose
``RepresentationIdentifier`` is ``"Body"`` or ``"Facetation"`` (the surface model IFC uses for
site terrain, e.g. the IfcSite of IfcOpenHouse). Each of them is either tessellated (it has
triangles) or listed as failed with a reason: the iterator skips elements it cannot convert
without telling, so the yielded ids are compared with that set, and the kernel's error log
supplies the reason. IfcSpace is tessellated like any other product (the viewer decides how to
show it). The iterator is given ``exclude`` = IfcOpeningElement plus every product class of
the file none of whose instances has a Body (alignment segments, for example, whose ``Axis``
curves it would otherwise compute); anything else it yields outside the set is left out, with
a warning. (``include=`` a list of instances was tried: 0.9 yields some elements twice.)

Properties (:class:`PropertyReader`) equal ``get_psets(e, psets_only=True)`` and
``get_psets(e, qtos_only=True)``, read in one pass with every shared definition converted once
(about 2x faster on the Revit files). A syntax error in the file is not fatal to ifcopenshell
(the entities after it may be lost): the parser's errors become a warning in the report.

Units: the iterator's vertices and placements are in metres whatever the project length unit
(checked on the mm files and on the feet file ``Duplex_Electrical_IFC2X3.ifc``), so
``Geometry.vertices`` are project metres. ``use-world-coords`` stays off: each distinct
tessellation (``shape.geometry.id``) is converted once and placed by its own float64 matrix
(``ifcopenshell.util.shape.get_shape_matrix``), so no precision is lost at map coordinates.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from store.bim.model import Element, GeoRef, messages_from_json, messages_to_json
from store.messages import Message, as_message, msg

GEOMETRY_FILE = "geometry.npz"
RESULT_FILE = "result.json"
ERROR_FILE = "error.json"

#: Representation identifiers that make a product one that must have geometry.
BODY_IDENTIFIERS = frozenset({"Body", "Facetation"})
#: Classes never tessellated.
EXCLUDED_CLASSES = ("IfcOpeningElement",)

Progress = Callable[[float, str], None]


@dataclass
class Extracted:
    """Everything read from one IFC file (what the worker writes, what the parent reads)."""

    schema: str
    georef: GeoRef
    elements: list[Element]
    properties: dict[int, dict[str, Any]]
    vertices: np.ndarray
    triangles: np.ndarray
    element_of_triangle: np.ndarray
    products_with_body: int
    tessellated: int
    failed: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    threads: int = 1
    seconds: float = 0.0


class IfcReadError(Exception):
    """The file cannot be read as IFC; ``problem`` (a Message) says why in plain words."""

    def __init__(self, problem: str):
        self.problem = as_message(problem)
        super().__init__(str(problem))


# -- the process target ----------------------------------------------------------------------------
def worker(path: str, threads: int, out_dir: str, queue: Any,
           target_crs: str | None = None) -> None:
    """Entry point of the tessellation process: read ``path``, write the result into
    ``out_dir`` and report progress and the outcome through ``queue``."""
    # The geometry kernel prints debugging lines on the C++ stdout: keep them off the parent's
    # stdout (``cimview inspect-bim`` prints JSON there).
    try:
        sys.stdout.flush()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    last = [-1.0, 0.0]

    def progress(fraction: float, message: str) -> None:
        now = time.monotonic()
        if fraction >= 1.0 or fraction - last[0] >= 0.01 or now - last[1] >= 0.25:
            last[0], last[1] = fraction, now
            queue.put(("progress", float(fraction), message))

    out = Path(out_dir)
    try:
        result = extract(path, threads=threads, progress=progress, target_crs=target_crs)
        progress(0.97, "writing the result")
        write_result(out, result)
    except IfcReadError as exc:
        _failed(out, queue, exc.problem)
        return
    except MemoryError:
        _failed(out, queue, msg("not enough memory to read and tessellate the model"))
        return
    except Exception as exc:  # a bug or an unforeseen kind of file: report, don't hang
        traceback.print_exc(file=sys.stderr)
        _failed(out, queue, msg("reading the model failed ({kind}: {error})",
                                kind=type(exc).__name__, error=str(exc)))
        return
    queue.put(("progress", 1.0, "done"))
    queue.put(("done",))
    # Leave at once: tearing down the parsed model and the interpreter only delays the parent.
    queue.close()
    queue.join_thread()
    sys.stderr.flush()
    os._exit(0)


def _failed(out: Path, queue: Any, problem: Message) -> None:
    """Tell the parent why the file cannot be read (the Message pickles with its template)."""
    (out / ERROR_FILE).write_text(json.dumps({"problem": messages_to_json([problem])[0]}),
                                  encoding="utf-8")
    queue.put(("error", problem))


def read_error(out: Path) -> Message:
    """The problem :func:`_failed` wrote into ``out``."""
    return messages_from_json([json.loads((out / ERROR_FILE).read_text())["problem"]])[0]


def spare(jobs: Any, queue: Any) -> None:
    """Entry point of a worker started ahead of need: import what tessellation needs, then wait
    for one job (the :func:`worker` arguments but the queue) and run it."""
    import ifcopenshell.geom  # noqa: F401  (the slow imports, done while nobody waits)
    import ifcopenshell.util.element  # noqa: F401
    import ifcopenshell.util.unit  # noqa: F401

    import store.bim.georef  # noqa: F401

    job = jobs.get()
    if job is None:  # told to stop
        return
    path, threads, out_dir, target_crs = job
    worker(path, threads, out_dir, queue, target_crs)


# -- reading ---------------------------------------------------------------------------------------
#: Schema names exporters write that ifcopenshell knows under another name (Bentley and ODA
#: exporters write the IFC 4.3 schema as plain "IFC4X3").
SCHEMA_ALIASES = {"IFC4X3": "IFC4X3_ADD2", "IFC4X3_ADD1": "IFC4X3_ADD2",
                  "IFC4X3_TC1": "IFC4X3_ADD2"}
_FILE_SCHEMA = re.compile(rb"FILE_SCHEMA\s*\(\s*\(\s*'([A-Za-z0-9_]+)'\s*\)\s*\)\s*;")


def open_ifc(path: str | os.PathLike[str], notes: list[str] | None = None) -> Any:
    """ifcopenshell.open with its exceptions turned into :class:`IfcReadError`. A schema
    name of :data:`SCHEMA_ALIASES` is read as the schema it stands for, with a note."""
    import ifcopenshell

    try:
        return ifcopenshell.open(str(path))
    except ifcopenshell.SchemaError as exc:  # e.g. FILE_SCHEMA(('IFC9X9'))
        name = str(exc).rsplit(":", 1)[-1].strip() or "?"
        if name.upper() in SCHEMA_ALIASES:
            return _open_as(path, name, SCHEMA_ALIASES[name.upper()], notes)
        raise IfcReadError(msg("unsupported IFC schema {schema} (FILE_SCHEMA); this cimview "
                               "reads {supported}", schema=name,
                               supported=", ".join(supported_schemas()))) from None
    except ifcopenshell.Error as exc:
        raise IfcReadError(msg("not a readable IFC file ({error})", error=str(exc))) from None
    except OSError as exc:
        raise IfcReadError(msg("cannot be read ({error})", error=str(exc))) from None


def _open_as(path: str | os.PathLike[str], name: str, schema: str,
             notes: list[str] | None) -> Any:
    """The file read with its FILE_SCHEMA rewritten from ``name`` to ``schema``."""
    import ifcopenshell

    data = Path(path).read_bytes()
    head = data[:65536]
    found = _FILE_SCHEMA.search(head)
    if found is None:
        raise IfcReadError(msg("unsupported IFC schema {schema} (FILE_SCHEMA)", schema=name))
    text = (head[:found.start()] + f"FILE_SCHEMA(('{schema}'));".encode()
            + data[found.end():]).decode("utf-8", "surrogateescape")
    del data
    import ifcopenshell.ifcopenshell_wrapper as wrapper

    wrapper.get_log()  # drop the failed open's complaints about the schema name
    try:
        f = ifcopenshell.file.from_string(text)
    except Exception as exc:  # noqa: BLE001 - what the parser says, in a sentence
        raise IfcReadError(msg("not a readable IFC file ({error})", error=str(exc))) from None
    if notes is not None:
        notes.append(msg("the file declares the schema {declared}, which is not a published IFC "
                         "schema name; it was read as {schema}", declared=name, schema=schema))
    return f


def supported_schemas() -> list[str]:
    try:
        import ifcopenshell.ifcopenshell_wrapper as w

        return sorted(n for n in w.schema_names() if n.startswith("IFC"))
    except Exception:
        return ["IFC2X3", "IFC4", "IFC4X3"]


def body_products(f: Any) -> list[Any]:
    """The products that must have geometry (see the module docstring), in file order."""
    out = []
    for product in f.by_type("IfcProduct"):
        if product.is_a("IfcOpeningElement"):
            continue
        shape = getattr(product, "Representation", None)
        if shape is None:
            continue
        reps = getattr(shape, "Representations", None) or ()
        if any(r.RepresentationIdentifier in BODY_IDENTIFIERS for r in reps):
            out.append(product)
    return out


def iterator_excludes(f: Any, body: Iterable[Any]) -> list[str]:
    """Classes to exclude from the iterator: IfcOpeningElement and every product class of the
    file none of whose instances (subtypes included) has a Body, e.g. IfcAlignmentSegment."""
    body_classes = {p.is_a() for p in body}
    import ifcopenshell.ifcopenshell_wrapper as wrapper

    try:
        schema = wrapper.schema_by_name(getattr(f, "schema_identifier", None) or f.schema)
    except Exception:  # no schema definition to test subtypes with: exclude nothing more
        return list(EXCLUDED_CLASSES)
    excludes = list(EXCLUDED_CLASSES)
    present = {p.is_a() for p in f.by_type("IfcProduct")}
    for cls in sorted(present - body_classes):
        if any(_is_subtype(schema, b, cls) for b in body_classes):
            continue
        if not any(_is_subtype(schema, cls, e) for e in excludes):
            excludes.append(cls)
    return excludes


def _is_subtype(schema: Any, cls: str, parent: str) -> bool:
    try:
        decl = schema.declaration_by_name(cls)
    except Exception:
        return cls == parent
    while decl is not None:
        if decl.name() == parent:
            return True
        decl = decl.supertype()
    return False


def extract(path: str | os.PathLike[str], *, threads: int = 1, progress: Progress | None = None,
            target_crs: str | None = None) -> Extracted:
    """Read, describe and tessellate one IFC file in this process (the worker's job)."""
    import ifcopenshell.ifcopenshell_wrapper as wrapper

    start = time.perf_counter()
    report = progress or (lambda fraction, message: None)
    report(0.0, "opening the file")
    wrapper.turn_off_detailed_logging()
    wrapper.set_log_format_json()
    opened: list[str] = []
    f = open_ifc(path, opened)
    schema = f.schema_identifier if hasattr(f, "schema_identifier") else f.schema
    warnings: list[str] = opened + parse_errors(wrapper.get_log())
    if not f.by_type("IfcProject"):
        raise IfcReadError(msg("no IfcProject: not a complete {schema} model (truncated?)",
                               schema=schema))
    report(0.04, "reading the georeferencing")
    georef = _georef(f, target_crs, warnings)
    report(0.06, "reading the element tree")
    elements = element_tree(f)
    report(0.08, "reading properties")
    properties: dict[int, dict[str, Any]] = {}
    total = max(1, len(elements))
    reader = PropertyReader()
    for i, el in enumerate(elements):
        properties[el.id] = reader(f.by_id(el.id))
        if i % 200 == 0:
            report(0.08 + 0.07 * i / total, msg("reading properties {i}/{total}", i=i, total=total))
    body = body_products(f)
    geometry = tessellate(f, body, threads=threads, warnings=warnings,
                          progress=lambda x, m: report(0.15 + 0.8 * x, m))
    by_id = {el.id: el for el in elements}
    for eid in geometry.tessellated_ids:
        if eid in by_id:
            by_id[eid].has_geometry = True
    return Extracted(
        schema=schema, georef=georef, elements=elements, properties=properties,
        vertices=geometry.vertices, triangles=geometry.triangles,
        element_of_triangle=geometry.element_of_triangle, products_with_body=len(body),
        tessellated=len(geometry.tessellated_ids), failed=geometry.failed, warnings=warnings,
        threads=threads, seconds=time.perf_counter() - start)


def parse_errors(log: str) -> list[str]:
    """A warning summing up the parser's errors in ``log`` (JSON lines), or nothing: a file
    with syntax errors still opens, but entities after an error may be missing."""
    errors = []
    for line in log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("level") in ("error", "critical", "fatal"):
            errors.append(str(entry.get("message", "")))
    if not errors:
        return []
    return [msg("the IFC parser reported {n} error(s), so entities may be missing: {first}",
                n=len(errors), first="; ".join(errors[:3]))]


def _georef(f: Any, target_crs: str | None, warnings: list[str]) -> GeoRef:
    try:
        from store.bim.georef import read_georef
    except ModuleNotFoundError as exc:
        if exc.name != "store.bim.georef":
            raise
        return GeoRef(method="none", unit_scale=_unit_scale(f))
    try:
        return read_georef(f, target_crs=target_crs)
    except Exception as exc:  # contradicting georeferencing: load the model, place it by hand
        problem = getattr(exc, "problem", None) or str(exc)
        note = msg("georeferencing not used: {problem}", problem=problem)
        warnings.append(note)
        return GeoRef(method="none", unit_scale=_unit_scale(f), anomalies=[note])


def _unit_scale(f: Any) -> float:
    import ifcopenshell.util.unit

    try:
        return float(ifcopenshell.util.unit.calculate_unit_scale(f))
    except Exception:
        return 1.0


# -- the element tree ------------------------------------------------------------------------------
def element_tree(f: Any) -> list[Element]:
    """The project and every IfcProduct, parent first (depth-first from the project).

    ``parent``: the aggregate (IfcRelAggregates), else the spatial container
    (IfcRelContainedInSpatialStructure), else the nesting object (IfcRelNests), else for an
    opening the element it voids (IfcRelVoidsElement). ``storey``: the nearest
    IfcBuildingStorey up that chain. Siblings come in step-id order."""
    members = {e.id(): e for e in f.by_type("IfcProject")}
    members.update((e.id(), e) for e in f.by_type("IfcProduct"))
    parent: dict[int, int] = {}

    def link(children: Iterable[Any] | None, owner: Any) -> None:
        if owner is None or owner.id() not in members:
            return
        for child in children or ():
            if child is not None and child.id() in members and child.id() not in parent \
                    and child.id() != owner.id():
                parent[child.id()] = owner.id()

    for rel in f.by_type("IfcRelAggregates"):
        link(rel.RelatedObjects, rel.RelatingObject)
    for rel in f.by_type("IfcRelContainedInSpatialStructure"):
        link(rel.RelatedElements, rel.RelatingStructure)
    for rel in f.by_type("IfcRelNests"):
        link(rel.RelatedObjects, rel.RelatingObject)
    for rel in f.by_type("IfcRelVoidsElement"):
        link((rel.RelatedOpeningElement,), rel.RelatingBuildingElement)

    # Break any cycle (a broken file): the first member met on it loses its parent.
    for start in list(parent):
        seen = {start}
        node = parent.get(start)
        while node is not None:
            if node in seen:
                parent.pop(node, None)
                break
            seen.add(node)
            node = parent.get(node)

    children: dict[int | None, list[int]] = {}
    for eid in members:
        children.setdefault(parent.get(eid), []).append(eid)
    roots = sorted(children.get(None, []), key=lambda i: (not members[i].is_a("IfcProject"), i))
    order: list[int] = []
    storey_of: dict[int, int | None] = {}
    stack: list[tuple[int, int | None]] = [(r, None) for r in reversed(roots)]
    while stack:
        eid, storey = stack.pop()
        order.append(eid)
        storey_of[eid] = storey
        below = eid if members[eid].is_a("IfcBuildingStorey") else storey
        stack.extend((c, below) for c in sorted(children.get(eid, []), reverse=True))
    out = []
    for eid in order:
        e = members[eid]
        out.append(Element(id=eid, guid=getattr(e, "GlobalId", None) or "",
                           ifc_class=e.is_a(), name=_text(getattr(e, "Name", None)),
                           parent=parent.get(eid), storey=storey_of[eid]))
    return out


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


# -- properties ------------------------------------------------------------------------------------
class PropertyReader:
    """Attributes, property sets and quantity sets of elements, JSON-safe.

    The same as ``ifcopenshell.util.element.get_psets(e, psets_only=True)`` and
    ``get_psets(e, qtos_only=True)`` (the type's sets first, the occurrence's override them by
    name; the pset "id" key left out), read in one pass per element, with every property
    definition and every type's sets converted once however many elements share them."""

    def __init__(self) -> None:
        import ifcopenshell.util.element as ue

        self._ue = ue
        self._definitions: dict[int, tuple[str, str, dict[str, Any]] | None] = {}
        self._types: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}

    def __call__(self, e: Any) -> dict[str, Any]:
        """{"attributes": {...}, "psets": {...}, "qtos": {...}} of one element.

        attributes: the entity's direct attributes with plain values (references to other
        entities, such as ObjectPlacement or OwnerHistory, are left out: the tree has the
        structure). Quantity values are in the file's units, as written."""
        attributes: dict[str, Any] = {}
        try:
            info = e.get_info(include_identifier=False, recursive=False)
        except Exception:
            info = {}
        for key, value in info.items():
            if key == "type":
                continue
            clean = json_safe(value, drop_entities=True)
            if clean is not _DROP:
                attributes[key] = clean
        try:
            psets, qtos = self._sets(e)
        except Exception as exc:  # a broken property set: say so, keep the element
            psets, qtos = {"_error": f"{type(exc).__name__}: {exc}"}, {}
        return {"attributes": attributes, "psets": psets, "qtos": qtos}

    def _sets(self, e: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        psets: dict[str, Any] = {}
        qtos: dict[str, Any] = {}
        if e.is_a("IfcTypeObject"):
            self._add(e.HasPropertySets or (), psets, qtos)
            return psets, qtos
        element_type = self._ue.get_type(e)
        if element_type is not None:
            cached = self._types.get(element_type.id())
            if cached is None:
                cached = self._types[element_type.id()] = self._sets(element_type)
            psets = {k: dict(v) for k, v in cached[0].items()}
            qtos = {k: dict(v) for k, v in cached[1].items()}
        for rel in getattr(e, "IsDefinedBy", None) or ():
            if rel.is_a("IfcRelDefinesByProperties"):
                definition = rel.RelatingPropertyDefinition
                if definition is None:
                    continue
                if definition.is_a("IfcPropertySetDefinitionSet"):
                    self._add(definition.wrappedValue, psets, qtos)
                else:
                    self._add((definition,), psets, qtos)
        return psets, qtos

    def _add(self, definitions: Iterable[Any], psets: dict[str, Any], qtos: dict[str, Any]
             ) -> None:
        for definition in definitions:
            if definition is None:
                continue
            key = definition.id()
            if key not in self._definitions:
                self._definitions[key] = self._read(definition)
            found = self._definitions[key]
            if found is not None:
                kind, name, values = found
                (psets if kind == "pset" else qtos).setdefault(name, {}).update(values)

    def _read(self, definition: Any) -> tuple[str, str, dict[str, Any]] | None:
        if definition.is_a("IfcElementQuantity"):
            kind = "qto"
        elif definition.is_a("IfcPropertySet") or definition.is_a("IfcPreDefinedPropertySet"):
            kind = "pset"
        else:
            return None
        values = self._ue.get_property_definition(definition) or {}
        return kind, str(definition.Name), {str(k): json_safe(v) for k, v in values.items()
                                            if k != "id"}


def element_properties(e: Any) -> dict[str, Any]:
    """{"attributes", "psets", "qtos"} of one element (see :class:`PropertyReader`)."""
    return PropertyReader()(e)


_DROP = object()


def json_safe(value: Any, *, drop_entities: bool = False) -> Any:
    """A value json.dumps accepts: entities become "#id=IfcClass" (or are dropped), tuples
    lists, non-finite floats None, bytes hex."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, np.generic):
        return json_safe(value.item(), drop_entities=drop_entities)
    if isinstance(value, list | tuple):
        items = [json_safe(v, drop_entities=drop_entities) for v in value]
        if drop_entities and any(v is _DROP for v in items):
            return _DROP
        return items
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.hex()
    if hasattr(value, "is_a") and hasattr(value, "id"):
        if drop_entities:
            return _DROP
        return f"#{value.id()}={value.is_a()}" if value.id() else str(value)
    return str(value)


# -- geometry --------------------------------------------------------------------------------------
@dataclass
class _Geometry:
    vertices: np.ndarray
    triangles: np.ndarray
    element_of_triangle: np.ndarray
    tessellated_ids: list[int]
    failed: list[dict[str, Any]]


def geometry_settings() -> Any:
    import ifcopenshell.geom

    settings = ifcopenshell.geom.settings()
    settings.set("use-world-coords", False)  # shared tessellations stay shared
    return settings


def tessellate(f: Any, body: list[Any], *, threads: int, warnings: list[str] | None = None,
               progress: Progress | None = None) -> _Geometry:
    """Tessellate the products of ``body`` with the iterator; merge into one mesh."""
    import ifcopenshell.geom
    import ifcopenshell.ifcopenshell_wrapper as wrapper
    import ifcopenshell.util.shape as us

    report = progress or (lambda fraction, message: None)
    warnings = warnings if warnings is not None else []
    wanted = {p.id() for p in body}
    verts: list[np.ndarray] = []
    tris: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    done: set[int] = set()
    empty: set[int] = set()
    extra: dict[str, int] = {}
    cache: dict[Any, tuple[np.ndarray, np.ndarray]] = {}
    count = 0
    if body:
        report(0.0, msg("tessellating {n} elements on {threads} threads", n=len(body),
                           threads=threads))
        it = ifcopenshell.geom.iterator(geometry_settings(), f, max(1, int(threads)),
                                        exclude=iterator_excludes(f, body))
        if it.initialize():
            while True:
                shape = it.get()
                eid = int(shape.id)
                if eid in wanted and eid not in done and eid not in empty:
                    key = shape.geometry.id
                    local = cache.get(key)
                    if local is None:
                        g = shape.geometry
                        local = (np.asarray(us.get_vertices(g), dtype=np.float64).reshape(-1, 3),
                                 np.asarray(us.get_faces(g), dtype=np.int64).reshape(-1, 3))
                        cache[key] = local
                    v, t = local
                    if len(t):
                        m = np.asarray(us.get_shape_matrix(shape), dtype=np.float64)
                        verts.append(v @ m[:3, :3].T + m[:3, 3])
                        tris.append(t + count)
                        owners.append(np.full(len(t), eid, dtype=np.int64))
                        count += len(v)
                        done.add(eid)
                    else:
                        empty.add(eid)
                elif eid not in wanted:
                    cls = f.by_id(eid).is_a()
                    extra[cls] = extra.get(cls, 0) + 1
                report(min(1.0, it.progress() / 100.0),
                       msg("tessellating ({done}/{n} elements)", done=len(done), n=len(body)))
                if not it.next():
                    break
    log = wrapper.get_log()
    failed = _failures(body, done, empty, log)
    if extra:
        listed = ", ".join(f"{n} {cls}" for cls, n in sorted(extra.items()))
        warnings.append(msg("yielded by the iterator but left out (no Body representation): "
                            "{listed}", listed=listed))
    if verts:
        vertices = np.concatenate(verts)
        triangles = np.concatenate(tris)
        owner = np.concatenate(owners)
    else:
        vertices = np.zeros((0, 3), np.float64)
        triangles = np.zeros((0, 3), np.int64)
        owner = np.zeros(0, np.int64)
    if len(vertices) >= 2**31:
        raise IfcReadError(msg("the model has {n} vertices, more than cimview's 32-bit triangle "
                               "indices hold", n=len(vertices)))
    owner_dtype = np.int32 if (owner.max(initial=0) < 2**31) else np.int64
    return _Geometry(vertices, triangles.astype(np.int32), owner.astype(owner_dtype),
                     [p.id() for p in body if p.id() in done], failed)


_INSTANCE = re.compile(r"#(\d+)=")


def _failures(body: list[Any], done: set[int], empty: set[int], log: str
              ) -> list[dict[str, Any]]:
    """Rows for the products of ``body`` without triangles, with the kernel's reason."""
    missing = [p for p in body if p.id() not in done]
    if not missing:
        return []
    by_product: dict[int, list[str]] = {}
    by_instance: dict[int, list[str]] = {}
    for line in log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("level") not in ("error", "critical", "fatal"):
            continue
        text = str(entry.get("message", "")).rstrip(": ")
        inst = _INSTANCE.match(str(entry.get("instance", "")))
        if inst:
            text = f"{text}: {entry['instance']}"
            by_instance.setdefault(int(inst.group(1)), []).append(text)
        prod = _INSTANCE.match(str(entry.get("product", "")))
        if prod:
            by_product.setdefault(int(prod.group(1)), []).append(text)
    rows = []
    for p in missing:
        reasons = list(by_product.get(p.id(), []))
        for ref in _representation_ids(p):
            reasons.extend(by_instance.get(ref, []))
        reasons = list(dict.fromkeys(reasons))  # unique, in order
        if reasons:
            error = "; ".join(reasons[:3]) + (f" (+{len(reasons) - 3} more)"
                                              if len(reasons) > 3 else "")
        elif p.id() in empty:
            error = "the geometry kernel produced no triangles for its Body representation"
        else:
            error = "the geometry kernel skipped it (no error was logged)"
        rows.append({"id": p.id(), "guid": getattr(p, "GlobalId", None), "class": p.is_a(),
                     "name": _text(getattr(p, "Name", None)), "error": error})
    return rows


def _representation_ids(product: Any) -> set[int]:
    """Ids of the product's Body representations, their items, and the items of mapped ones."""
    out: set[int] = set()
    todo = [r for r in (product.Representation.Representations or ())
            if r.RepresentationIdentifier in BODY_IDENTIFIERS]
    while todo:
        rep = todo.pop()
        if rep.id() in out:
            continue
        out.add(rep.id())
        for item in rep.Items or ():
            out.add(item.id())
            if item.is_a("IfcMappedItem") and item.MappingSource is not None:
                todo.append(item.MappingSource.MappedRepresentation)
    return out


# -- result files ----------------------------------------------------------------------------------
def write_result(out: Path, r: Extracted) -> None:
    """geometry.npz and result.json into ``out`` (the JSON last: its presence means done)."""
    np.savez(out / GEOMETRY_FILE, vertices=r.vertices, triangles=r.triangles,
             element_of_triangle=r.element_of_triangle)
    data = {
        "schema": r.schema,
        "georef": r.georef.to_dict(),
        "elements": [[e.id, e.guid, e.ifc_class, e.name, e.parent, e.storey, e.has_geometry]
                     for e in r.elements],
        "properties": {str(k): v for k, v in r.properties.items()},
        "products_with_body": r.products_with_body,
        "tessellated": r.tessellated,
        "failed": r.failed,
        "warnings": messages_to_json(r.warnings),
        "threads": r.threads,
        "seconds": r.seconds,
    }
    tmp = out / (RESULT_FILE + ".part")
    tmp.write_text(json.dumps(data, ensure_ascii=False, allow_nan=False), encoding="utf-8")
    os.replace(tmp, out / RESULT_FILE)


def read_result(out: Path) -> Extracted:
    """What :func:`write_result` wrote."""
    data = json.loads((out / RESULT_FILE).read_text(encoding="utf-8"))
    with np.load(out / GEOMETRY_FILE) as npz:
        vertices = npz["vertices"]
        triangles = npz["triangles"]
        owner = npz["element_of_triangle"]
    return Extracted(
        schema=data["schema"], georef=georef_from_dict(data["georef"]),
        elements=[Element(id=i, guid=g, ifc_class=c, name=n, parent=p, storey=s,
                          has_geometry=bool(h))
                  for i, g, c, n, p, s, h in data["elements"]],
        properties={int(k): v for k, v in data["properties"].items()},
        vertices=vertices, triangles=triangles, element_of_triangle=owner,
        products_with_body=data["products_with_body"], tessellated=data["tessellated"],
        failed=data["failed"], warnings=messages_from_json(data["warnings"]),
        threads=data["threads"],
        seconds=data["seconds"])


def georef_from_dict(data: dict[str, Any]) -> GeoRef:
    """A GeoRef from :meth:`GeoRef.to_dict` output (unknown keys ignored)."""
    known = GeoRef.__dataclass_fields__
    values = {k: v for k, v in data.items() if k in known}
    values["anomalies"] = messages_from_json(values.get("anomalies") or [])
    return GeoRef(**values)
