"""pygeoapi's PostgreSQL provider as the local platform runs it: the stock provider with the
writes a city's platform must get right (pygeoapi 0.21 gets them wrong; docs/platform.md).

* **Geometries written through the API keep SRID 4326.** The stock provider takes the SRID
  from the storage CRS's EPSG code; CRS84 (longitude first, what the platform stores) has none,
  so every POST and PUT failed with a PostGIS parse error ("SRID=None;POINT …").
* **PUT writes the feature the URL names, and only if it exists.** The stock provider takes
  the id from the body (a PUT to ``items/A`` whose body says ``B`` rewrote B, past the If-Match
  check made for A) and creates a missing feature through ``merge``. Here a body id other than
  the URL's is refused (400) and a missing feature is 404.
* **A refused write says why, with the right status:** a property the collection does not
  have, or a value the database refuses (its CHECKs, such as the ``updated_at`` format), is
  400; a POST of an id that exists is 409 Conflict. The stock provider answered 500.
* **DELETE of a missing feature is 404** (the stock provider answered 200).

And one read fix: the stock provider built a new pyproj transformation for every request with
``crs`` (0.25 s each: a quarter of a second per page of a sync). Caching it is not enough:
werkzeug runs each request in a new thread, and pyproj rebuilds a transformer's PROJ object in
every thread that uses it. So every transformation runs on one long-lived thread of its own,
where each is built once and kept (a handful: one per output CRS).

Example (pygeoapi configuration)::

    providers:
      - type: feature
        name: sample_city.platform_provider.CimviewPostgreSQLProvider
        data: {host: /tmp/cimview-pg-x, port: 5432, dbname: cimview_platform, user: cimview}
        table: observations
        id_field: id
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from http import HTTPStatus
from typing import Any

import numpy as np
import pyproj
import shapely
from geoalchemy2.shape import from_shape
from pygeoapi.provider.base import ProviderGenericError, ProviderItemNotFoundError
from pygeoapi.provider.sql import PostgreSQLProvider
from sqlalchemy.exc import DataError, IntegrityError, InternalError
from sqlalchemy.orm import Session

SRID = 4326  # CRS84 coordinates (longitude, latitude), as stored
_TRANSFORMERS: dict[tuple[str, str], pyproj.Transformer] = {}  # used on _PROJ_THREAD only
_PROJ_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="proj")
_MAX_TRANSFORMERS = 16


class BadFeature(ProviderGenericError):
    """The feature cannot be written as sent (400)."""

    ogc_exception_code = "InvalidParameterValue"
    http_status_code = HTTPStatus.BAD_REQUEST
    default_msg = "the feature cannot be stored as sent"


class FeatureExists(ProviderGenericError):
    """A POST of an id the collection holds (409)."""

    ogc_exception_code = "Conflict"
    http_status_code = HTTPStatus.CONFLICT
    default_msg = "a feature with this id exists"


class CimviewPostgreSQLProvider(PostgreSQLProvider):
    """The stock provider with correct writes (see the module docstring)."""

    def create(self, item: Any) -> Any:
        identifier, data = self._prepare(item, None)
        if identifier is None:
            identifier = str(uuid.uuid4())
        with Session(self._engine) as session:
            if identifier is not None and session.get(self.table_model, identifier):
                raise FeatureExists(user_msg=f"{identifier} exists")
            instance = self._feature_to_sqlalchemy(data, identifier)
            session.add(instance)
            self._commit(session)
            return getattr(instance, self.id_field)

    def update(self, identifier: Any, item: Any) -> bool:
        _, data = self._prepare(item, identifier)
        with Session(self._engine) as session:
            if session.get(self.table_model, identifier) is None:
                raise ProviderItemNotFoundError(user_msg=f"no feature {identifier}")
            session.merge(self._feature_to_sqlalchemy(data, identifier))
            self._commit(session)
        return True

    def _get_crs_transform(self, crs_transform_spec: Any = None
                           ) -> Callable[[Any], Any] | None:
        if crs_transform_spec is None:
            return None
        key = (crs_transform_spec.source_crs_wkt, crs_transform_spec.target_crs_wkt)
        return partial(_transform, key)

    def delete(self, identifier: Any) -> bool:
        if not super().delete(identifier):
            raise ProviderItemNotFoundError(user_msg=f"no feature {identifier}")
        return True

    def _prepare(self, item: Any, url_id: Any) -> tuple[Any, dict[str, Any]]:
        try:
            data = json.loads(item)
        except (TypeError, ValueError):
            raise BadFeature(user_msg="the body is not JSON") from None
        if not isinstance(data, dict) or not isinstance(data.get("properties", {}), dict):
            raise BadFeature(user_msg="the body is not a GeoJSON feature")
        body_id = data.get("id")
        if url_id is not None and body_id is not None and str(body_id) != str(url_id):
            raise BadFeature(user_msg=f"the body's id {body_id} is not the URL's {url_id}")
        data.setdefault("properties", {})
        unknown = sorted(set(data["properties"]) - set(self.fields) - {self.id_field})
        if unknown:
            raise BadFeature(user_msg=f"unknown properties: {', '.join(unknown)}")
        return (url_id if url_id is not None else body_id), data

    def _feature_to_sqlalchemy(self, json_data: dict[str, Any], identifier: Any = None) -> Any:
        attributes = {k: v for k, v in json_data["properties"].items() if k != self.id_field}
        geometry = json_data.get("geometry")
        try:
            shape = None if geometry is None else shapely.geometry.shape(geometry)
        except (AttributeError, TypeError, ValueError, shapely.errors.GEOSException) as exc:
            raise BadFeature(user_msg=f"bad geometry: {exc}") from None
        attributes[self.geom] = None if shape is None else from_shape(shape, srid=SRID)
        attributes[self.id_field] = identifier
        try:
            return self.table_model(**attributes)
        except TypeError as exc:
            raise BadFeature(user_msg=str(exc)) from None

    @staticmethod
    def _commit(session: Session) -> None:
        try:
            session.commit()
        except (IntegrityError, DataError, InternalError) as exc:
            session.rollback()
            detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            raise BadFeature(user_msg=f"refused by the database: {detail}") from None


def _transform(key: tuple[str, str], geometry: Any) -> Any:
    """A shapely geometry from one CRS to another (WKT ``key``), as pygeoapi's own transform
    does it (axis order as the CRSs define it), on the PROJ thread."""
    return _PROJ_THREAD.submit(_transform_here, key, geometry).result()


def _transform_here(key: tuple[str, str], geometry: Any) -> Any:
    transformer = _TRANSFORMERS.get(key)
    if transformer is None:
        if len(_TRANSFORMERS) >= _MAX_TRANSFORMERS:
            _TRANSFORMERS.clear()
        transformer = _TRANSFORMERS[key] = pyproj.Transformer.from_crs(
            pyproj.CRS.from_wkt(key[0]), pyproj.CRS.from_wkt(key[1]))
    has_z = bool(shapely.has_z(geometry))

    def coords(c: np.ndarray) -> np.ndarray:  # every vertex in one pyproj call
        return np.column_stack(transformer.transform(*(c[:, i] for i in range(c.shape[1]))))

    return shapely.transform(geometry, coords, include_z=has_z)
