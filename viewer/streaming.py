"""Streaming the tiles of a refinement tree into a renderer: the one engine every tiled view
uses (the city's buildings, a 3D Tiles layer, pipes, glyphs, draped layers).

Each frame (:meth:`TileStreamer.frame`) it asks :func:`layers.lod.select_tiles` which tiles
the camera needs at the allowed screen-space error, asks for the missing ones nearest first
through the scene's loader (off the GUI thread in the window, in place without one), and
shows what it has:

* **No holes.** A tile whose content has not arrived is stood in for by its nearest loaded
  ancestor under REPLACE refinement; a parent is drawn until *all* its wanted children have
  arrived, never a parent and some of its children at once (CesiumJS with
  ``skipLevelOfDetail`` off).
* **A byte budget.** Contents are kept in a :class:`layers.lod_cache.TileBudget`, one for all
  the layers of a scene (``context.tile_budget``): least recently used first out, never one
  drawn in this frame by any layer. When the budget is full of drawn tiles no more are loaded:
  the ancestors stay drawn (coarser, not over budget).

The view says how a tile becomes content (``make``, off the GUI thread) and how content goes
in and out of the renderer (``show``/``hide``, GUI thread).

Example
-------
>>> streamer = TileStreamer(root, make=mesh_tile,  # doctest: +SKIP
...                         show=add_actor, hide=remove_actor)
>>> changed = streamer.frame(view.context)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from layers.lod import LodTile, select_tiles
from layers.lod_cache import TileBudget

#: Tiles asked for per frame (the loader's queue is re-prioritised every frame anyway).
MAX_REQUESTS_PER_FRAME = 64


@dataclass
class _State:
    """What the streamer knows of one tile."""

    tile: LodTile
    parent: LodTile | None
    content: Any = None
    nbytes: int = 0
    pending: bool = False
    failed: bool = False


@dataclass
class StreamStats:
    """The last frame: tiles wanted, drawn, loading, loaded; bytes held."""

    wanted: int = 0
    drawn: int = 0
    loading: int = 0
    loaded: int = 0
    bytes: int = 0
    failed: int = 0
    drawn_keys: list[str] = field(default_factory=list)


class TileStreamer:
    """Loads and shows the tiles of ``root`` that the camera needs.

    Parameters
    ----------
    root : layers.lod.LodTile
        The refinement tree (children may be added later, e.g. an external tileset).
    make : callable
        ``make(tile) -> content``: reads and meshes one tile; runs off the GUI thread. The
        content's size is ``content.nbytes`` when it has one (else 0).
    show, hide : callable
        ``show(tile, content)`` / ``hide(tile, content)`` on the GUI thread.
    drop : callable, optional
        ``drop(tile, content)`` when content is evicted (after ``hide`` if it was shown).
    name : str
        A prefix for the loader's keys (one per view).
    label : str, optional
        The layer as users know it, in what a failed tile reports (default: ``name`` after
        its first ``:``).
    """

    def __init__(self, root: LodTile, make: Callable[[LodTile], Any],
                 show: Callable[[LodTile, Any], None], hide: Callable[[LodTile, Any], None],
                 drop: Callable[[LodTile, Any], None] | None = None, name: str = "tiles",
                 label: str | None = None):
        self.root = root
        self.make, self.show, self.hide, self.drop = make, show, hide, drop
        self.name = name
        self.label = label or name.split(":", 1)[-1]
        #: This streamer in a budget shared by the scene's layers.
        self.owner = f"{name}#{id(self):x}"
        self.states: dict[str, _State] = {}
        self.drawn: dict[str, LodTile] = {}
        self.budget: TileBudget | None = None
        self.stats = StreamStats()
        self.generation = 0  # bumped by reset(): late arrivals of an older generation are dropped
        self.arrivals = 0  # contents arrived so far (a frame that saw new ones reports a change)
        self._arrivals_seen = 0
        self._index(root, None)

    # -- the tree ------------------------------------------------------------------------------
    def _index(self, tile: LodTile, parent: LodTile | None) -> None:
        stack = [(tile, parent)]
        while stack:
            t, p = stack.pop()
            if t.key not in self.states:
                self.states[t.key] = _State(t, p)
            stack.extend((c, t) for c in t.children)

    def _state(self, tile: LodTile) -> _State:
        state = self.states.get(tile.key)
        if state is None:  # a child added since (lazy subtrees): find its parent by walking
            self._index(self.root, None)
            state = self.states.setdefault(tile.key, _State(tile, None))
        return state

    def loaded(self, tile: LodTile) -> bool:
        state = self.states.get(tile.key)
        return state is not None and state.content is not None

    def content(self, key: str) -> Any:
        """The content of a tile by key, or None when not loaded."""
        state = self.states.get(key)
        return None if state is None else state.content

    def drawn_contents(self) -> list[tuple[LodTile, Any]]:
        """(tile, content) of every tile drawn now."""
        return [(t, self.states[k].content) for k, t in self.drawn.items()]

    # -- each frame ----------------------------------------------------------------------------
    def frame(self, context: Any, visible: bool = True) -> bool:
        """Select, request and show the tiles for this frame's camera; True when what is drawn
        changed. ``visible`` False hides everything (nothing is loaded)."""
        camera = context.camera()
        if camera is None:
            return False
        self._use_budget(context)
        wanted = select_tiles(self.root, camera, context.viewport_height, context.max_sse,
                              context.dragging, far_density=context.far_density,
                              haze_span=context.haze_span) \
            if visible else []
        self._request(wanted, context)
        draw = self._draw_set(wanted)
        # True also when contents arrived though the picture is the same (a parent standing in
        # for children still loading): Scene.settle goes on until everything wanted is there
        changed = self._apply(draw) or self.arrivals != self._arrivals_seen
        self._arrivals_seen = self.arrivals
        keep = list(draw) + [t.key for t in wanted if self.loaded(t)]
        for key in self.budget.begin_frame(keep, self.owner):
            self._evict(key)
        self._stats(wanted)
        return changed

    def _request(self, wanted: list[LodTile], context: Any) -> None:
        asked = 0
        full = self.budget.used_bytes >= self.budget.max_bytes
        for rank, tile in enumerate(wanted):
            state = self._state(tile)
            if state.content is not None:
                self.budget.touch(tile.key, self.owner)
                continue
            if state.pending or state.failed or asked >= MAX_REQUESTS_PER_FRAME:
                continue
            if full and self._has_loaded_ancestor(state):
                continue  # over budget: the ancestor stays drawn
            state.pending = True
            asked += 1
            self._submit(state, float(rank), context)

    def _submit(self, state: _State, priority: float, context: Any) -> None:
        tile, generation = state.tile, self.generation

        def work() -> Any:
            return self.make(tile)

        def done(content: Any) -> None:
            if generation != self.generation:
                return
            state.pending = False
            self.arrivals += 1
            self._arrived(state, content)
            context.render()

        def failed(exc: BaseException) -> None:
            if generation != self.generation:
                return
            state.pending, state.failed = False, True
            self.stats.failed += 1
            context.report_failure(self.label, exc)
            context.render()

        context.submit(f"{self.name}:{tile.key}", work, done, priority, failed)

    def _arrived(self, state: _State, content: Any) -> None:
        if content is None:
            state.failed = True
            return
        state.content = content
        state.nbytes = int(getattr(content, "nbytes", 0) or 0)
        for key in self.budget.add(state.tile.key, state.nbytes, self.owner):
            self._evict(key)
        if state.tile.children:  # children may have been discovered with the content
            self._index(state.tile, state.parent)

    def _evict(self, key: str) -> None:
        state = self.states.get(key)
        if state is None or state.content is None:
            return
        if key in self.drawn:  # never happens for this frame's tiles; a stale one
            self.hide(state.tile, state.content)
            del self.drawn[key]
        if self.drop is not None:
            self.drop(state.tile, state.content)
        state.content, state.nbytes = None, 0

    def _has_loaded_ancestor(self, state: _State) -> bool:
        parent = state.parent
        while parent is not None:
            s = self.states.get(parent.key)
            if s is not None and s.content is not None:
                return True
            parent = s.parent if s is not None else None
        return False

    def _draw_set(self, wanted: list[LodTile]) -> dict[str, LodTile]:
        """Wanted tiles that are loaded, each missing one replaced by its nearest loaded
        REPLACE ancestor; then a tile under a drawn REPLACE ancestor is dropped (the parent
        stands until all its wanted children are there)."""
        chosen: dict[str, LodTile] = {}
        for tile in wanted:
            state = self._state(tile)
            while state is not None and state.content is None:
                parent = state.parent
                if parent is None or parent.refine == "ADD":
                    state = None
                    break
                state = self.states.get(parent.key)
            if state is not None:
                chosen[state.tile.key] = state.tile
        out: dict[str, LodTile] = {}
        for key, tile in chosen.items():
            state = self.states[key]
            parent, covered = state.parent, False
            while parent is not None and parent.refine != "ADD":
                if parent.key in chosen:
                    covered = True
                    break
                s = self.states.get(parent.key)
                parent = s.parent if s is not None else None
            if not covered:
                out[key] = tile
        return out

    def _apply(self, draw: dict[str, LodTile]) -> bool:
        changed = False
        for key in [k for k in self.drawn if k not in draw]:
            state = self.states.get(key)
            if state is not None and state.content is not None:
                self.hide(state.tile, state.content)
            del self.drawn[key]
            changed = True
        for key, tile in draw.items():
            if key not in self.drawn:
                self.show(tile, self.states[key].content)
                self.drawn[key] = tile
                changed = True
        return changed

    def _use_budget(self, context: Any) -> None:
        """Hold contents in the scene's shared budget (``context.tile_budget``), sized as the
        user set it; without one (a view alone), in a budget of this streamer's own."""
        shared = getattr(context, "tile_budget", None)
        if shared is not None:
            if shared.max_bytes != context.budget_bytes:
                shared.resize(context.budget_bytes)
            if self.budget is not shared:
                self._move_to(shared)
        elif self.budget is None or self.budget.max_bytes != context.budget_bytes:
            self._move_to(TileBudget(int(context.budget_bytes)))

    def _move_to(self, budget: TileBudget) -> None:
        """Account the contents held in ``budget`` from now on (least recently used first)."""
        old, self.budget = self.budget, budget
        held = old.keys(self.owner) if old is not None else []
        if old is not None:
            old.forget(self.owner)
        budget.register(self.owner, self._evicted)
        for key in held:
            state = self.states.get(key)
            if state is not None and state.content is not None:
                for gone in budget.add(key, state.nbytes, self.owner):
                    if gone not in self.drawn:
                        self._evict(gone)

    def _evicted(self, key: str) -> None:
        """A content of this streamer went out of the shared budget for another layer's."""
        if key not in self.drawn:
            self._evict(key)

    def _stats(self, wanted: list[LodTile]) -> None:
        states = self.states.values()
        self.stats = StreamStats(
            wanted=len(wanted), drawn=len(self.drawn),
            loading=sum(s.pending for s in states),
            loaded=sum(s.content is not None for s in states),
            bytes=sum(s.nbytes for s in states if s.content is not None),
            failed=sum(s.failed for s in states), drawn_keys=list(self.drawn))

    # -- content made in place (a view's build, before any camera) -------------------------------
    def adopt(self, tile: LodTile, content: Any, budget_bytes: int) -> None:
        """Hold ``content``, made outside the loader, as ``tile``'s."""
        if self.budget is None:
            self._move_to(TileBudget(int(budget_bytes)))
        self._arrived(self._state(tile), content)

    def draw_now(self, tiles: list[LodTile]) -> bool:
        """Draw exactly these loaded tiles (what a view shows before its first camera); the
        next :meth:`frame` selects again."""
        return self._apply({t.key: t for t in tiles if self.loaded(t)})

    # -- life ----------------------------------------------------------------------------------
    def hide_all(self) -> bool:
        """Take every drawn tile out (the layer was switched off); contents are kept."""
        changed = bool(self.drawn)
        self._apply({})
        return changed

    def reset(self) -> None:
        """Forget every content (hidden and dropped first); loads under way are ignored."""
        self._apply({})
        for state in self.states.values():
            if state.content is not None and self.drop is not None:
                self.drop(state.tile, state.content)
            state.content, state.nbytes, state.pending, state.failed = None, 0, False, False
        if self.budget is not None:
            self.budget.forget(self.owner)
        self.budget = None
        self.generation += 1
