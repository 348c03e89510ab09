"""Plan review (一键审查): check a submitted BIM against its parcel's planning controls, its
neighbours' fire spacing and sunlight, and the city's delivery requirements (IDS).

No Qt, no VTK. One use case per module:

- :mod:`.ruleset`  the rule set (``resources/review/*.json``): rows of rules with their clause
- :mod:`.result`   what a review finds: :class:`~.result.Finding` per rule, the whole result
- :mod:`.context`  what every check reads: the BIM, its parcel, the neighbours, the cache
- :mod:`.site`     finding the parcel and the neighbours from where the BIM stands
- ``check_*``      one module per check, each with ``check(ctx, rule) -> Finding``
- :mod:`.checks`   the registry of checks by the rule set's ``check`` name
- :mod:`.run`      :func:`~.run.run_review`: every rule in order, with progress and cancel
- :mod:`.sun`, :mod:`.sunlight`, :mod:`.rays`  the sunlight engine (GB 50180 / GB/T 50947);
  :mod:`.sun_params` the rule's parameters and the site's sun, :mod:`.sun_scene` the occluders,
  :mod:`.sun_point` one point (``cimview sunlight``), :mod:`.own_floor` the proposal's own homes
- :mod:`.bim_measure` height, floor areas, outlines and green areas of the BIM; :mod:`.judge`
  a measured value against its rule; :mod:`.redline` the red line's edges and setback line
- :mod:`.session` the review as the window shows it; :mod:`.shadows` ground shadows for display
"""
