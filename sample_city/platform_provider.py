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
from http import HTTPStatus
from typing import Any

import shapely
from geoalchemy2.shape import from_shape
from pygeoapi.provider.base import ProviderGenericError, ProviderItemNotFoundError
from pygeoapi.provider.sql import PostgreSQLProvider
from sqlalchemy.exc import DataError, IntegrityError, InternalError
from sqlalchemy.orm import Session

SRID = 4326  # CRS84 coordinates (longitude, latitude), as stored


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
