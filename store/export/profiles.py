"""De-sensitising profiles: data in ``resources/desensitise/*.json``.

A profile says the highest grade it lets out as it is (``allows``), whether a secret (涉密)
layer may leave as it is (``secret``), whether personal fields are masked, and, per layer, how
that layer is de-sensitised (``coordinates.grid_m``, ``round`` field → step, ``drop`` fields):
a layer the profile de-sensitises leaves whatever its grade.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.errors import InputError
from store.grades import GRADES, Grade, rank

FOLDER = Path(__file__).resolve().parents[2] / "resources" / "desensitise"
#: What an export without --desensitise does: only 一般, never a secret layer, personal masked.
DEFAULT = "public"


@dataclass(frozen=True)
class Treatment:
    """How one layer is de-sensitised."""

    grid_m: float | None = None
    round: Mapping[str, float] = field(default_factory=dict)
    drop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    name: str
    allows: str = "一般"
    secret: bool = False
    mask_personal: bool = True
    layers: Mapping[str, Treatment] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "allows": self.allows, "secret": self.secret,
                "mask_personal": self.mask_personal, "layers": sorted(self.layers)}


def names() -> list[str]:
    """The profiles in resources/."""
    return sorted(p.stem for p in FOLDER.glob("*.json"))


def load_profile(name: str | None) -> Profile:
    """A profile by name, or from a JSON file; InputError naming it when it is not one."""
    name = name or DEFAULT
    path = Path(name) if name.endswith(".json") else FOLDER / f"{name}.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        layers = {str(k): Treatment(
            grid_m=float(v["coordinates"]["grid_m"]) if v.get("coordinates") else None,
            round={str(f): float(s) for f, s in v.get("round", {}).items()},
            drop=tuple(str(f) for f in v.get("drop", ())))
            for k, v in doc.get("layers", {}).items()}
        profile = Profile(str(doc.get("name", path.stem)), str(doc.get("allows", "一般")),
                          bool(doc.get("secret", False)), bool(doc.get("mask_personal", True)),
                          layers)
    except FileNotFoundError:
        raise InputError(path, "no such de-sensitising profile; profiles: {known}",
                         known=", ".join(names())) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(path, "not a de-sensitising profile: {error}", error=str(exc)) from None
    if profile.allows not in GRADES:
        raise InputError(path, "allows {grade}, which is not a data grade", grade=profile.allows)
    for t in profile.layers.values():
        if (t.grid_m is not None and t.grid_m <= 0) or any(s <= 0 for s in t.round.values()):
            raise InputError(path, "a grid or rounding step is not positive")
    return profile


def decide(grade: Grade, profile: Profile) -> str:
    """What the door does with a layer: ``"treat"`` (the profile de-sensitises it), ``"as_is"``
    (its grade is within what the profile allows, and it is not secret unless the profile
    lets secrets out), else ``"refuse"``.

    Examples
    --------
    >>> decide(Grade("pipelines", "重要", secret=True), Profile("public"))
    'refuse'
    >>> decide(Grade("roads"), Profile("public"))
    'as_is'
    """
    if grade.layer in profile.layers:
        return "treat"
    if rank(grade.grade) <= rank(profile.allows) and (not grade.secret or profile.secret):
        return "as_is"
    return "refuse"


__all__ = ["DEFAULT", "Profile", "Treatment", "decide", "load_profile", "names"]
